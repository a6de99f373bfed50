using Customer360.Cli.Commands;
using Customer360.Core.Ingestion;
using Customer360.Core.Storage;
using Customer360.Tests.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Customer360.Tests.Ingestion;

/// <summary>The ingestor's side of a stretch (EventIngestor.BeginBulkWriteAsync) on a real SQLite store: live views and metrics hear of it once, at its commit.</summary>
public sealed class BulkIngestTests
{
    private static IngestItem[] Recharges(params string[] customers) =>
        customers.Select((c, i) => TestItems.Recharge($"{c}-{i}-{Guid.NewGuid():N}", c, i)).ToArray();

    private static Task<LocalStore> OpenAsync() =>
        LocalStore.OpenAsync(Path.Combine(Directory.CreateTempSubdirectory("c360-bulk-ingest-").FullName, "c.db"), default);

    [Fact]
    public async Task Live_views_of_the_customers_a_stretch_changed_are_told_at_its_commit_and_no_others()
    {
        await using var local = await OpenAsync();
        var feed = local.Services.GetRequiredService<ChangeFeed>();
        using var watched = feed.Subscribe("default", "c1");
        using var other = feed.Subscribe("default", "c9");
        var ingestor = local.Services.GetRequiredService<EventIngestor>();

        var stretch = (await ingestor.BeginBulkWriteAsync(default))!;
        await stretch.ApplyAsync(Recharges("c1", "c2"), default);
        await stretch.ApplyAsync(Recharges("c3"), default);
        Assert.False(watched.Changes.TryRead(out _)); // applied, not committed: nothing to show yet

        await stretch.CommitAsync(default);
        Assert.True(watched.Changes.TryRead(out _));
        Assert.False(other.Changes.TryRead(out _));
    }

    [Fact]
    public async Task A_stretch_rolled_back_is_neither_counted_nor_announced()
    {
        await using var local = await OpenAsync();
        using var watched = local.Services.GetRequiredService<ChangeFeed>().Subscribe("default", "c1");
        var ingestor = local.Services.GetRequiredService<EventIngestor>();

        await using (var stretch = (await ingestor.BeginBulkWriteAsync(default))!)
        {
            await stretch.ApplyAsync(Recharges("c1", "c2"), default);
        }

        Assert.False(watched.Changes.TryRead(out _));
        Assert.DoesNotContain("c360_events_total{", local.Services.GetRequiredService<IngestMetrics>().ToPrometheusText(), StringComparison.Ordinal);
        Assert.Equal(0, (await local.Store.GetStatsAsync(default)).Events);
    }
}
