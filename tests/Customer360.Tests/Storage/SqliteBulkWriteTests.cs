using Customer360.Core.Ingestion;
using Customer360.Core.Storage;

namespace Customer360.Tests.Storage;

/// <summary>A stretch of a bulk write on SQLite (IBulkWrite): one transaction over many batches, all or nothing.</summary>
public sealed class SqliteBulkWriteTests
{
    private static IngestItem[] Recharges(int from, int count) =>
        Enumerable.Range(from, count).Select(i => TestItems.Recharge($"e{i}", $"c{i % 3}", i)).ToArray();

    private static string NewPath() => Path.Combine(Directory.CreateTempSubdirectory("c360-bulk-").FullName, "c.db");

    private static async Task<long> EventsAsync(IProfileStore store) => (await store.GetStatsAsync(default)).Events;

    [Fact]
    public async Task A_stretch_is_seen_by_readers_only_once_committed()
    {
        await using var store = await SqliteStores.OpenAsync(NewPath());
        var stretch = (await store.BeginBulkWriteAsync(default))!;
        var first = await stretch.ApplyAsync(Recharges(0, 30), default);
        await stretch.ApplyAsync(Recharges(30, 30), default);

        Assert.All(first, o => Assert.Equal(IngestStatus.Accepted, o.Status));
        Assert.Equal(0, await EventsAsync(store));
        Assert.Null(await store.GetProfileAsync("default", "c0", default));

        await stretch.CommitAsync(default);
        Assert.Equal(60, await EventsAsync(store));
        Assert.Equal(20, (await store.GetProfileAsync("default", "c0", default))!.Profile.EventCount);
    }

    [Fact]
    public async Task A_stretch_disposed_uncommitted_leaves_nothing_and_its_events_are_new_when_written_again()
    {
        await using var store = await SqliteStores.OpenAsync(NewPath());
        await store.WriteBatchAsync(Recharges(0, 3), default); // c0..c2 exist, and are in the writer's cache
        await using (var stretch = (await store.BeginBulkWriteAsync(default))!)
        {
            await stretch.ApplyAsync(Recharges(3, 30), default);
        }

        Assert.Equal(3, await EventsAsync(store));
        var again = await store.WriteBatchAsync(Recharges(3, 30), default);
        Assert.All(again, o => Assert.Equal(IngestStatus.Accepted, o.Status));
        // Counted once: the cached profiles did not keep the rolled-back stretch's changes.
        Assert.Equal(11, (await store.GetProfileAsync("default", "c0", default))!.Profile.EventCount);
    }

    [Fact]
    public async Task A_live_batch_waits_for_the_open_stretch_and_is_written_after_it()
    {
        await using var store = await SqliteStores.OpenAsync(NewPath());
        var stretch = (await store.BeginBulkWriteAsync(default))!;
        await stretch.ApplyAsync(Recharges(0, 30), default);

        var live = store.WriteBatchAsync(Recharges(0, 1).Concat(Recharges(100, 1)).ToArray(), default);
        await Task.Delay(200);
        Assert.False(live.IsCompleted); // the stretch holds the single writer

        await stretch.CommitAsync(default);
        var outcomes = await live;
        Assert.Equal([IngestStatus.Duplicate, IngestStatus.Accepted], outcomes.Select(o => o.Status));
        Assert.Equal(31, await EventsAsync(store));
    }
}
