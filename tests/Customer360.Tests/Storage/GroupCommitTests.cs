using Customer360.Core.Events;
using Customer360.Core.Ingestion;
using Customer360.Core.Storage;

namespace Customer360.Tests.Storage;

/// <summary>Batches waiting for the writer commit together, yet each caller gets its own outcomes and only its own failures.</summary>
public sealed class GroupCommitTests
{
    private static IngestItem[] Batch(string name, int count) =>
        Enumerable.Range(0, count).Select(i => new IngestItem(RawMessage.FromString("{}", "test", $"{name}:{i}"), null, null)).ToArray();

    /// <summary>
    /// Fake transactions: records the origins each one was given (committed or not) and which committed; outcome i
    /// names the item's origin. `fail` is asked before each batch is applied.
    /// </summary>
    private sealed class Recorder(Func<IReadOnlyList<IngestItem>, Exception?>? fail = null)
    {
        public List<string[]> Transactions { get; } = [];

        public List<bool> Committed { get; } = [];

        public IGroupTransaction Begin()
        {
            lock (Transactions)
            {
                Transactions.Add([]);
                Committed.Add(false);
                return new Tx(this, Transactions.Count - 1);
            }
        }

        private sealed class Tx(Recorder r, int index) : IGroupTransaction
        {
            public IReadOnlyList<IngestOutcome> Apply(IReadOnlyList<IngestItem> items)
            {
                lock (r.Transactions)
                {
                    r.Transactions[index] = [.. r.Transactions[index], .. items.Select(i => i.Raw.Origin!)];
                }

                if (r._fail?.Invoke(items) is { } ex)
                {
                    throw ex;
                }

                return items.Select(i => new IngestOutcome(IngestStatus.Accepted, i.Raw.Origin, null, null, null)).ToArray();
            }

            public void Commit() => r.Committed[index] = true;

            public void Dispose()
            {
            }
        }

        private readonly Func<IReadOnlyList<IngestItem>, Exception?>? _fail = fail;
    }

    private static bool Never(Exception _) => false;

    [Fact]
    public async Task Batches_that_wait_while_the_writer_is_busy_commit_in_one_transaction_each_with_its_own_outcomes()
    {
        var writeLock = new SemaphoreSlim(1, 1);
        var groups = new GroupCommit(writeLock, maxEvents: 1000, Never);
        var recorder = new Recorder();

        await writeLock.WaitAsync(); // the writer is busy
        var a = groups.WriteAsync(Batch("a", 2), recorder.Begin, default);
        var b = groups.WriteAsync(Batch("b", 3), recorder.Begin, default);
        var c = groups.WriteAsync(Batch("c", 1), recorder.Begin, default);
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
        var writes = new[] { groups.WriteAsync(Batch("a", 3), recorder.Begin, default), groups.WriteAsync(Batch("b", 2), recorder.Begin, default),
            groups.WriteAsync(Batch("c", 2), recorder.Begin, default), groups.WriteAsync(Batch("d", 5), recorder.Begin, default) };
        writeLock.Release();
        await Task.WhenAll(writes);

        Assert.Equal([["a:0", "a:1", "a:2"], ["b:0", "b:1", "c:0", "c:1"], ["d:0", "d:1", "d:2", "d:3", "d:4"]], recorder.Transactions);
    }

    [Fact]
    public async Task An_empty_first_batch_does_not_let_a_batch_over_the_cap_join_its_transaction()
    {
        var writeLock = new SemaphoreSlim(1, 1);
        var groups = new GroupCommit(writeLock, maxEvents: 4, Never);
        var recorder = new Recorder();

        await writeLock.WaitAsync();
        var writes = new[] { groups.WriteAsync(Batch("a", 0), recorder.Begin, default), groups.WriteAsync(Batch("b", 5), recorder.Begin, default) };
        writeLock.Release();
        await Task.WhenAll(writes);

        Assert.Equal([[], ["b:0", "b:1", "b:2", "b:3", "b:4"]], recorder.Transactions);
    }

    [Fact]
    public async Task A_batch_that_breaks_the_group_transaction_fails_alone_and_the_others_commit()
    {
        var writeLock = new SemaphoreSlim(1, 1);
        var groups = new GroupCommit(writeLock, maxEvents: 1000, Never);
        var recorder = new Recorder(items => items.Any(i => i.Raw.Origin == "bad:0") ? new InvalidOperationException("poison") : null);

        await writeLock.WaitAsync();
        var a = groups.WriteAsync(Batch("a", 1), recorder.Begin, default);
        var bad = groups.WriteAsync(Batch("bad", 1), recorder.Begin, default);
        var c = groups.WriteAsync(Batch("c", 1), recorder.Begin, default);
        writeLock.Release();

        Assert.Equal("a:0", Assert.Single(await a).EventId);
        Assert.Equal("c:0", Assert.Single(await c).EventId);
        Assert.Equal("poison", (await Assert.ThrowsAsync<InvalidOperationException>(() => bad)).Message);
        // The group stopped at the batch that broke it (c was never applied there), rolled back, and each batch was
        // written alone.
        Assert.Equal([["a:0", "bad:0"], ["a:0"], ["bad:0"], ["c:0"]], recorder.Transactions);
        Assert.Equal([false, true, false, true], recorder.Committed);
    }

    [Fact]
    public async Task A_failure_of_the_store_itself_fails_every_batch_of_the_group_without_retrying_each()
    {
        var writeLock = new SemaphoreSlim(1, 1);
        var groups = new GroupCommit(writeLock, maxEvents: 1000, ex => ex is IOException);
        var recorder = new Recorder(items => items[0].Raw.Origin == "b:0" ? new IOException("disk full") : null);

        await writeLock.WaitAsync();
        var a = groups.WriteAsync(Batch("a", 1), recorder.Begin, default);
        var b = groups.WriteAsync(Batch("b", 1), recorder.Begin, default);
        writeLock.Release();

        await Assert.ThrowsAsync<IOException>(() => a);
        await Assert.ThrowsAsync<IOException>(() => b);
        Assert.Equal([["a:0", "b:0"]], recorder.Transactions);
        Assert.Equal([false], recorder.Committed);
    }

    [Fact]
    public async Task A_batch_cancelled_while_it_waits_is_never_written()
    {
        var writeLock = new SemaphoreSlim(1, 1);
        var groups = new GroupCommit(writeLock, maxEvents: 1000, Never);
        var recorder = new Recorder();
        using var cancel = new CancellationTokenSource();

        await writeLock.WaitAsync();
        var gone = groups.WriteAsync(Batch("gone", 1), recorder.Begin, cancel.Token);
        var kept = groups.WriteAsync(Batch("kept", 1), recorder.Begin, default);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => gone);
        writeLock.Release();

        Assert.Equal("kept:0", Assert.Single(await kept).EventId);
        Assert.Equal([["kept:0"]], recorder.Transactions);
    }

    [Fact]
    public async Task A_batch_queued_while_the_transaction_is_being_written_joins_it_and_both_answer_at_the_commit()
    {
        var writeLock = new SemaphoreSlim(1, 1);
        var groups = new GroupCommit(writeLock, maxEvents: 1000, Never);
        Task<IReadOnlyList<IngestOutcome>>? b = null;
        var recorder = new Recorder(items =>
        {
            // While a is applied, b arrives (a source with a backlog hands over its next batch).
            if (items[0].Raw.Origin == "a:0")
            {
                b = groups.WriteAsync(Batch("b", 2), () => throw new InvalidOperationException("b must join a's transaction"), default);
            }

            return null;
        });

        var a = await groups.WriteAsync(Batch("a", 1), recorder.Begin, default);

        Assert.Equal("a:0", Assert.Single(a).EventId);
        Assert.Equal(["b:0", "b:1"], (await b!).Select(o => o.EventId));
        Assert.Equal([["a:0", "b:0", "b:1"]], recorder.Transactions);
        Assert.Equal([true], recorder.Committed);
    }

    [Fact]
    public async Task A_store_that_cannot_begin_a_transaction_fails_the_batch_instead_of_leaving_it_waiting()
    {
        var groups = new GroupCommit(new SemaphoreSlim(1, 1), maxEvents: 1000, ex => ex is IOException);

        var write = groups.WriteAsync(Batch("a", 1), () => throw new IOException("database is locked"), default);

        Assert.Equal("database is locked", (await Assert.ThrowsAsync<IOException>(() => write)).Message);
    }
}
