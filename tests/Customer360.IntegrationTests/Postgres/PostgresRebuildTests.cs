using System.Globalization;
using System.Text.Json;
using Customer360.Core.Dialects;
using Customer360.Core.Ingestion;
using Customer360.Core.Storage;
using Customer360.Core.Storage.Postgres;
using Customer360.IntegrationTests.Infrastructure;
using Npgsql;

namespace Customer360.IntegrationTests.Postgres;

/// <summary>
/// A projection rebuild (replay, or the one an unmerge triggers) on one instance while another instance ingests into
/// the same database: the other's batches must wait for the rebuild, so nothing is projected twice or lost.
/// </summary>
[Collection(PostgresGroup.Name)]
public sealed class PostgresRebuildTests(PostgresCluster cluster)
{
    private const int Customers = 20;
    private static readonly EventParser Parser = EventParser.CreateDefault();

    [Fact]
    public async Task A_batch_of_another_instance_waits_while_a_rebuild_holds_the_store()
    {
        var db = await cluster.CreateDatabaseAsync();
        await using var a = await OpenAsync(db);
        await using var b = await OpenAsync(db);
        await a.WriteBatchAsync(Recharges(1, 50), default);

        var rebuild = await a.EnterRebuildAsync(default);
        var write = b.WriteBatchAsync(Recharges(51, 100), default);
        await Poll.UntilAsync(() => WaitingForRebuildAsync(db), n => n == 1, TimeSpan.FromSeconds(30), "b's batch waiting for the rebuild lock");
        Assert.False(write.IsCompleted);

        // The rebuild empties the projection and projects the log again while b waits, then lets b in.
        await a.ResetProjectionAsync(default);
        var log = await a.ReadEventLogAsync(0, 1000, default);
        await a.ReprojectAsync(log.Select(e => Item(System.Text.Encoding.UTF8.GetString(e.Raw))).ToList(), default);
        await rebuild.DisposeAsync();
        await write;

        Assert.Equal(Customers * 100, (await a.GetStatsAsync(default)).Events);
        await AssertSumsAsync(a, 100);
    }

    [Fact]
    public async Task A_replay_on_one_instance_while_another_ingests_ends_like_a_fresh_replay_with_nothing_lost_or_doubled()
    {
        var db = await cluster.CreateDatabaseAsync();
        await using var a = await OpenAsync(db);
        await using var b = await OpenAsync(db);
        for (var i = 1; i <= 400; i += 50)
        {
            await a.WriteBatchAsync(Recharges(i, i + 49), default); // a log of 8000 events to rebuild from
        }

        // b writes 100 more per customer in small batches; a replays once b is under way.
        var written = 0;
        var ingest = Task.Run(async () =>
        {
            for (var i = 401; i <= 500; i += 5)
            {
                await b.WriteBatchAsync(Recharges(i, i + 4), default);
                Interlocked.Increment(ref written);
            }
        });
        await Poll.UntilAsync(() => Task.FromResult(Volatile.Read(ref written)), n => n >= 2, TimeSpan.FromSeconds(30), "b under way");
        var replayed = await new ReplayService(Parser, a).ReplayAsync(null, default, batchSize: 500);
        await ingest;

        Assert.True(replayed.Done >= 8000);
        Assert.Equal(Customers * 500, (await b.GetStatsAsync(default)).Events);
        await AssertSumsAsync(b, 500);

        var before = await ProfilesAsync(a);
        await new ReplayService(Parser, b).ReplayAsync(null, default);
        Assert.Equal(before, await ProfilesAsync(a));
    }

    /// <summary>Customer c's recharge i has value c + i/4: every sum is known from what was produced.</summary>
    private static List<IngestItem> Recharges(int from, int to) =>
        Enumerable.Range(from, to - from + 1)
            .SelectMany(i => Enumerable.Range(0, Customers).Select(c => Item(
                $$"""{"source":"in","customer_id":"rb{{c}}","event_type":"recharge","timestamp":"{{new DateTimeOffset(2025, 4, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(i).ToString("o", CultureInfo.InvariantCulture)}}","value":{{Amount(c, i).ToString(CultureInfo.InvariantCulture)}}}""")))
            .ToList();

    private static decimal Amount(int customer, int i) => customer + (i * 0.25m);

    private static async Task AssertSumsAsync(PostgresProfileStore store, int perCustomer)
    {
        for (var c = 0; c < Customers; c++)
        {
            var p = (await store.GetProfileAsync("default", $"rb{c}", default))!.Profile;
            Assert.Equal(perCustomer, p.Usage.RechargeCount);
            Assert.Equal(Enumerable.Range(1, perCustomer).Sum(i => Amount(c, i)), p.Usage.RechargeTotal);
            Assert.Equal(perCustomer, p.EventCount);
        }
    }

    private static async Task<List<string>> ProfilesAsync(PostgresProfileStore store)
    {
        var list = new List<string>();
        for (var c = 0; c < Customers; c++)
        {
            list.Add(JsonSerializer.Serialize((await store.GetProfileAsync("default", $"rb{c}", default))!.Profile));
        }

        return list;
    }

    private static async Task<long> WaitingForRebuildAsync(string db)
    {
        await using var c = new NpgsqlConnection(db);
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND classid = 360360 AND objid = 2 AND NOT granted", c);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    private static IngestItem Item(string json) => PostgresStores.Item(json, "test:rebuild");

    private static Task<PostgresProfileStore> OpenAsync(string connectionString) => PostgresStores.OpenAsync(connectionString);
}
