using static Customer360.Tests.Storage.RebuildScenario;

namespace Customer360.Tests.Storage;

/// <summary>
/// `c360 replay` in one process while a server writes the same SQLite file: the server's batches must wait for the
/// rebuild, or they are projected twice (once live, once by the replay reading the log past them). Two stores on
/// one file stand for the two processes (each has its own connections and its own lock file handle).
/// </summary>
public sealed class SqliteRebuildTests
{
    [Fact]
    public async Task A_batch_of_another_process_waits_while_a_rebuild_holds_the_file()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("c360-rebuild-").FullName, "c.db");
        await using var a = await SqliteStores.OpenAsync(path);
        await using var b = await SqliteStores.OpenAsync(path);
        await a.WriteBatchAsync(Recharges(1, 50), default);

        var rebuild = await a.EnterRebuildAsync(default);
        var write = Task.Run(() => b.WriteBatchAsync(Recharges(51, 100), default));
        await Task.Delay(300); // nothing to poll for: the batch must simply still be waiting
        Assert.False(write.IsCompleted, "another process's batch was written during the rebuild");

        await RebuildThenLetTheWaitingBatchInAsync(a, rebuild, write);
    }

    [Fact]
    public async Task A_replay_in_one_process_while_another_ingests_ends_like_a_fresh_replay_with_nothing_lost_or_doubled()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("c360-rebuild-").FullName, "c.db");
        await using var a = await SqliteStores.OpenAsync(path);
        await using var b = await SqliteStores.OpenAsync(path);
        await ReplayWhileAnotherWriterIngestsAsync(a, b);
    }
}
