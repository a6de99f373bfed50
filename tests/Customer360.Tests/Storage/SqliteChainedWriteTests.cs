using Customer360.Core.Ingestion;
using Customer360.Core.Profiles;
using Customer360.Core.Storage;
using Customer360.Core.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace Customer360.Tests.Storage;

/// <summary>
/// Batches the store chains into one transaction (GroupCommit) go through one BatchApplier.Run: profiles are saved
/// once at its end, or part way past 10,000 held. The profiles must be exactly what one transaction per batch gives.
/// </summary>
public sealed class SqliteChainedWriteTests
{
    private static IngestItem Recharge(string customer, int value, int second) => TestItems.Parse(
        $$"""{"source":"in","customer_id":"{{customer}}","event_type":"recharge","timestamp":"2024-01-15T10:{{second / 60 % 60:00}}:{{second % 60:00}}Z","value":{{value}}}""",
        "test", "t");

    private static async Task<string> NewStoreAsync()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("c360-chain-").FullName, "c.db");
        await using var store = await SqliteStores.OpenAsync(path); // the schema
        return path;
    }

    /// <summary>The batches applied in one transaction, as the store does when they wait behind each other.</summary>
    private static List<IReadOnlyList<IngestOutcome>> ApplyInOneTransaction(string path, int profileCacheSize, IEnumerable<IngestItem[]> batches)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var session = new SqliteProjectionSession(connection, profileCacheSize);
        using var tx = connection.BeginTransaction();
        var run = new BatchApplier(new Projector(new ProjectionOptions())).Begin(session.Begin(tx));
        var outcomes = batches.Select(b => run.Apply(b)).ToList();
        run.SaveProfiles();
        tx.Commit();
        return outcomes;
    }

    [Theory]
    [InlineData(0)]
    [InlineData(10000)]
    public async Task Batches_applied_in_one_transaction_give_the_profiles_one_transaction_each_gives(int profileCacheSize)
    {
        // 20 batches over 3 customers; every batch also repeats the first event of the batch before (a redelivery; the
        // first batch repeats its own).
        var batches = Enumerable.Range(0, 20).Select(b => Enumerable.Range(0, 30)
            .Select(i => Recharge($"c{i % 3}", b * 30 + i, b * 30 + i))
            .Append(Recharge("c0", Math.Max(0, b - 1) * 30, Math.Max(0, b - 1) * 30))
            .ToArray()).ToArray();

        var chainedPath = await NewStoreAsync();
        var outcomes = ApplyInOneTransaction(chainedPath, profileCacheSize, batches);
        await using var chained = await SqliteStores.OpenAsync(chainedPath);
        await using var oneByOne = await SqliteStores.OpenAsync(Path.Combine(Directory.CreateTempSubdirectory("c360-chain-").FullName, "c.db"));
        foreach (var b in batches)
        {
            await oneByOne.WriteBatchAsync(b, default);
        }

        Assert.Equal(600, outcomes.SelectMany(o => o).Count(o => o.Status == IngestStatus.Accepted));
        Assert.Equal(20, outcomes.SelectMany(o => o).Count(o => o.Status == IngestStatus.Duplicate));
        for (var c = 0; c < 3; c++)
        {
            var expected = (await oneByOne.GetProfileAsync("default", $"c{c}", default))!.Profile;
            var actual = (await chained.GetProfileAsync("default", $"c{c}", default))!.Profile;
            Assert.Equal(200, actual.EventCount);
            Assert.Equal(Enumerable.Range(0, 600).Where(v => v % 3 == c).Sum(), (int)actual.Usage.RechargeTotal);
            Assert.Equal((expected.EventCount, expected.Usage.RechargeTotal, expected.Usage.RechargeCount, expected.LastSeenAt),
                (actual.EventCount, actual.Usage.RechargeTotal, actual.Usage.RechargeCount, actual.LastSeenAt));
        }
    }

    [Fact]
    public async Task A_transaction_over_more_customers_than_it_holds_saves_every_one_of_them()
    {
        // 12,000 customers in three batches, then each again: past 10,000 held profiles the run saves part way, and a
        // profile saved there must come back with its first event when the later batch touches it.
        var first = Enumerable.Range(0, 3).Select(b => Enumerable.Range(b * 4000, 4000).Select(i => Recharge($"k{i}", 1, 0)).ToArray());
        var second = Enumerable.Range(0, 3).Select(b => Enumerable.Range(b * 4000, 4000).Select(i => Recharge($"k{i}", 2, 1)).ToArray());
        var path = await NewStoreAsync();

        ApplyInOneTransaction(path, profileCacheSize: 100, first.Concat(second));

        await using var store = await SqliteStores.OpenAsync(path);
        foreach (var i in new[] { 0, 3999, 4000, 7999, 8000, 11999 })
        {
            var usage = (await store.GetProfileAsync("default", $"k{i}", default))!.Profile.Usage;
            Assert.Equal((3m, 2), (usage.RechargeTotal, usage.RechargeCount));
        }

        var stats = await store.GetStatsAsync(default);
        Assert.Equal((12000L, 24000L), (stats.Customers, stats.Events));
    }
}
