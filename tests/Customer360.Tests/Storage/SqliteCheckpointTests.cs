using Customer360.Core.Profiles;
using Customer360.Core.Storage;
using Customer360.Core.Storage.Sqlite;

namespace Customer360.Tests.Storage;

/// <summary>Commits never checkpoint; the background checkpointer must still keep the WAL from growing without end.</summary>
public sealed class SqliteCheckpointTests
{
    private static IngestItem[] Batch(int batch, int size) => Enumerable.Range(0, size).Select(i => TestItems.Parse(
        $$"""{"source":"in","customer_id":"m{{(batch * size + i) % 3000}}","event_type":"data_usage","timestamp":"2024-01-15T10:00:00Z","value":{{batch * size + i}}}""",
        "test", "t")).ToArray();

    /// <summary>The WAL header's checkpoint sequence number: SQLite bumps it each time the WAL starts over.</summary>
    private static uint WalGeneration(string walPath)
    {
        using var f = new FileStream(walPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        Span<byte> header = stackalloc byte[16];
        f.ReadExactly(header);
        return System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(header[12..]);
    }

    [Fact]
    public async Task Back_to_back_batches_still_let_the_wal_start_over()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("c360-ckpt-").FullName, "c.db");
        await using var store = new SqliteProfileStore(
            new SqliteOptions { Path = path, CheckpointInterval = TimeSpan.FromMilliseconds(10) }, new ProjectionOptions());
        await store.InitializeAsync(default);

        // Commits never checkpoint themselves, and a checkpoint that merely runs beside back-to-back batches never
        // finds the moment the WAL could start over: without the checkpointer's pass between two batches the WAL
        // only grows. Write until it has started over three times (polling, no timing assumed).
        await store.WriteBatchAsync(Batch(0, 200), default);
        var first = WalGeneration(path + "-wal");
        var started = DateTime.UtcNow;
        var batches = 1;
        while (WalGeneration(path + "-wal") - first < 3)
        {
            Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(60), $"the WAL never started over in {batches} back-to-back batches");
            await store.WriteBatchAsync(Batch(batches++, 200), default);
        }

        Assert.Equal(batches * 200L, (await store.GetStatsAsync(default)).Events);
    }
}
