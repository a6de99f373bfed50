using Customer360.Core.Events;
using Customer360.Core.Ingestion;
using Customer360.Core.Storage;

namespace Customer360.Tests.Storage;

/// <summary>Batches waiting for the writer commit together, yet each caller gets its own outcomes and only its own failures.</summary>
public sealed class GroupCommitTests
{
    private static IngestItem[] Batch(string name, int count) =>
        Enumerable.Range(0, count).Select(i => new IngestItem(RawMessage.FromString("{}", "test", $"{name}:{i}"), null, null)).ToArray();

    /// <summary>A fake transaction: records what it was given; outcome i names the item's origin.</summary>
    private sealed class Recorder(Func<IReadOnlyList<IngestItem>, Exception?>? fail = null)
    {
        public List<string[]> Transactions { get; } = [];

        public IReadOnlyList<IngestOutcome> Write(IReadOnlyList<IngestItem> items)
        {
            lock (Transactions)
            {
                Transactions.Add(items.Select(i => i.Raw.Origin!).ToArray());
            }

            if (fail?.Invoke(items) is { } ex)
            {
                throw ex;
            }

            return items.Select(i => new IngestOutcome(IngestStatus.Accepted, i.Raw.Origin, null, null, null)).ToArray();
        }
    }

    private static bool Never(Exception _) => false;

    [Fact]
    public async Task Batches_that_wait_while_the_writer_is_busy_commit_in_one_transaction_each_with_its_own_outcomes()
    {
        var writeLock = new SemaphoreSlim(1, 1);
        var groups = new GroupCommit(writeLock, maxEvents: 1000, Never);
        var recorder = new Recorder();

        await writeLock.WaitAsync(); // the writer is busy
        var a = groups.WriteAsync(Batch("a", 2), recorder.Write, default);
        var b = groups.WriteAsync(Batch("b", 3), recorder.Write, default);
        var c = groups.WriteAsync(Batch("c", 1), recorder.Write, default);
        writeLock.Release();

        Assert.Equal(["a:0", "a:1"], (await a).Select(o => o.EventId));
        Assert.Equal(["b:0", "b:1", "b:2"], (await b).Select(o => o.EventId));
        Assert.Equal(["c:0"], (await c).Select(o => o.EventId));
        Assert.Equal(["a:0", "a:1", "b:0", "b:1", "b:2", "c:0"], Assert.Single(recorder.Transactions));
    }

    [Fact]
    public async Task A_group_never_exceeds_the_event_cap_and_keeps_arrival_order()
    {
        var writeLock = new SemaphoreSlim(1, 1);
        var groups = new GroupCommit(writeLock, maxEvents: 4, Never);
        var recorder = new Recorder();

        await writeLock.WaitAsync();
        var writes = new[] { groups.WriteAsync(Batch("a", 3), recorder.Write, default), groups.WriteAsync(Batch("b", 2), recorder.Write, default),
            groups.WriteAsync(Batch("c", 2), recorder.Write, default), groups.WriteAsync(Batch("d", 5), recorder.Write, default) };
        writeLock.Release();
        await Task.WhenAll(writes);

        Assert.Equal([["a:0", "a:1", "a:2"], ["b:0", "b:1", "c:0", "c:1"], ["d:0", "d:1", "d:2", "d:3", "d:4"]], recorder.Transactions);
    }

    [Fact]
    public async Task A_batch_that_breaks_the_group_transaction_fails_alone_and_the_others_commit()
    {
        var writeLock = new SemaphoreSlim(1, 1);
        var groups = new GroupCommit(writeLock, maxEvents: 1000, Never);
        var recorder = new Recorder(items => items.Any(i => i.Raw.Origin == "bad:0") ? new InvalidOperationException("poison") : null);

        await writeLock.WaitAsync();
        var a = groups.WriteAsync(Batch("a", 1), recorder.Write, default);
        var bad = groups.WriteAsync(Batch("bad", 1), recorder.Write, default);
        var c = groups.WriteAsync(Batch("c", 1), recorder.Write, default);
        writeLock.Release();

        Assert.Equal("a:0", Assert.Single(await a).EventId);
        Assert.Equal("c:0", Assert.Single(await c).EventId);
        Assert.Equal("poison", (await Assert.ThrowsAsync<InvalidOperationException>(() => bad)).Message);
        Assert.Equal([["a:0", "bad:0", "c:0"], ["a:0"], ["bad:0"], ["c:0"]], recorder.Transactions);
    }

    [Fact]
    public async Task A_failure_of_the_store_itself_fails_every_batch_of_the_group_without_retrying_each()
    {
        var writeLock = new SemaphoreSlim(1, 1);
        var groups = new GroupCommit(writeLock, maxEvents: 1000, ex => ex is IOException);
        var recorder = new Recorder(_ => new IOException("disk full"));

        await writeLock.WaitAsync();
        var a = groups.WriteAsync(Batch("a", 1), recorder.Write, default);
        var b = groups.WriteAsync(Batch("b", 1), recorder.Write, default);
        writeLock.Release();

        await Assert.ThrowsAsync<IOException>(() => a);
        await Assert.ThrowsAsync<IOException>(() => b);
        Assert.Single(recorder.Transactions);
    }

    [Fact]
    public async Task A_batch_cancelled_while_it_waits_is_never_written()
    {
        var writeLock = new SemaphoreSlim(1, 1);
        var groups = new GroupCommit(writeLock, maxEvents: 1000, Never);
        var recorder = new Recorder();
        using var cancel = new CancellationTokenSource();

        await writeLock.WaitAsync();
        var gone = groups.WriteAsync(Batch("gone", 1), recorder.Write, cancel.Token);
        var kept = groups.WriteAsync(Batch("kept", 1), recorder.Write, default);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => gone);
        writeLock.Release();

        Assert.Equal("kept:0", Assert.Single(await kept).EventId);
        Assert.Equal([["kept:0"]], recorder.Transactions);
    }
}
