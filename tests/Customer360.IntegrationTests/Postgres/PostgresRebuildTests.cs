using Customer360.Core.Storage;
using Customer360.Core.Storage.Postgres;
using Customer360.IntegrationTests.Infrastructure;
using Npgsql;
using static Customer360.Tests.Storage.RebuildScenario;

namespace Customer360.IntegrationTests.Postgres;

/// <summary>
/// A projection rebuild (replay, or the one an unmerge triggers) on one instance while another instance ingests into
/// the same database: the other's batches must wait for the rebuild, so nothing is projected twice or lost.
/// </summary>
[Collection(PostgresGroup.Name)]
public sealed class PostgresRebuildTests(PostgresCluster cluster)
{
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
        await RebuildThenLetTheWaitingBatchInAsync(a, rebuild, write);
    }

    [Fact]
    public async Task A_replay_on_one_instance_while_another_ingests_ends_like_a_fresh_replay_with_nothing_lost_or_doubled()
    {
        var db = await cluster.CreateDatabaseAsync();
        await using var a = await OpenAsync(db);
        await using var b = await OpenAsync(db);
        await ReplayWhileAnotherWriterIngestsAsync(a, b);
    }

    private static async Task<long> WaitingForRebuildAsync(string db)
    {
        await using var c = new NpgsqlConnection(db);
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND classid = 360360 AND objid = 2 AND NOT granted", c);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    private static Task<PostgresProfileStore> OpenAsync(string connectionString) => PostgresStores.OpenAsync(connectionString);
}
