using Customer360.Core.Ingestion;

namespace Customer360.Core.Storage;

/// <summary>One write transaction of a group: batches are applied one after another, then committed together.</summary>
internal interface IGroupTransaction : IDisposable
{
    /// <summary>Applies one batch inside the transaction; its outcomes stand once Commit returns.</summary>
    IReadOnlyList<IngestOutcome> Apply(IReadOnlyList<IngestItem> items);

    void Commit();

    /// <summary>One batch in a transaction of its own: applied, committed, and rolled back if either throws.</summary>
    static IReadOnlyList<IngestOutcome> WriteAlone(Func<IGroupTransaction> begin, IReadOnlyList<IngestItem> items)
    {
        using var tx = begin();
        var outcomes = tx.Apply(items);
        tx.Commit();
        return outcomes;
    }
}

/// <summary>
/// Batches that arrive while the single writer is busy are committed together, in one transaction, by whichever
/// caller gets the write lock next; each caller still gets exactly its own outcomes. The transaction also takes
/// the batches that arrive while it is being written, until it holds `maxEvents`: a source with a backlog keeps
/// a few batches in flight, and they chain into one long transaction instead of one commit each. Rows of one
/// customer and pages of one index are then written once per commit, not once per batch: store harness, 300k
/// telecom events, 62k events/s in transactions of 8,000 against 110k/s in transactions of 40,000
/// (bench/README.md). A source that has caught up has nothing queued behind its batch, so it is committed at once.
/// A group that fails is retried batch by batch, so an event that breaks its transaction fails only its own
/// caller; a failure of the store itself (locked, full, gone) fails every caller at once instead.
/// </summary>
internal sealed class GroupCommit(SemaphoreSlim writeLock, int maxEvents, Func<Exception, bool> isStoreFailure)
{
    private readonly Queue<Pending> _queue = new();

    /// <summary>Runs this batch in a transaction from `begin` (under the write lock), possibly together with others.</summary>
    public async Task<IReadOnlyList<IngestOutcome>> WriteAsync(IReadOnlyList<IngestItem> batch, Func<IGroupTransaction> begin,
        CancellationToken cancellationToken)
    {
        var mine = new Pending(batch);
        lock (_queue)
        {
            _queue.Enqueue(mine);
        }

        try
        {
            await writeLock.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            if (TryRemove(mine))
            {
                throw; // never written
            }

            return await mine.Done.Task; // already taken by a group that is being written: its outcome stands
        }

        try
        {
            // Writes the queue in arrival order until this batch is done (a full group ahead of it goes first).
            while (!mine.Done.Task.IsCompleted)
            {
                Commit(begin);
            }
        }
        finally
        {
            writeLock.Release();
        }

        return await mine.Done.Task;
    }

    /// <summary>The batch that opens a transaction: the oldest queued, whatever its size.</summary>
    private Pending? TakeFirst()
    {
        lock (_queue)
        {
            return _queue.TryDequeue(out var first) ? first : null;
        }
    }

    /// <summary>The next queued batch if the transaction, holding `events` already, has room for it.</summary>
    private Pending? TakeNext(int events)
    {
        lock (_queue)
        {
            return _queue.TryPeek(out var next) && events + next.Items.Count <= maxEvents ? _queue.Dequeue() : null;
        }
    }

    /// <summary>One transaction: the queue's batches in order while they fit, then the commit.</summary>
    private void Commit(Func<IGroupTransaction> begin)
    {
        // Taken before the transaction begins, so a store that cannot even begin one still answers a batch.
        var group = new List<Pending> { TakeFirst() ?? throw new InvalidOperationException("a batch waiting for the write lock left the queue") };
        var outcomes = new List<IReadOnlyList<IngestOutcome>>();
        try
        {
            using var tx = begin();
            outcomes.Add(tx.Apply(group[0].Items));
            var events = group[0].Items.Count;
            while (TakeNext(events) is { } next)
            {
                group.Add(next); // taken: a failure below must answer it too
                outcomes.Add(tx.Apply(next.Items));
                events += next.Items.Count;
            }

            tx.Commit();
        }
        catch (Exception ex) when (isStoreFailure(ex) || group.Count == 1)
        {
            foreach (var p in group)
            {
                p.Done.SetException(ex);
            }

            return;
        }
        catch (Exception)
        {
            foreach (var p in group)
            {
                CommitAlone(p, begin);
            }

            return;
        }

        for (var i = 0; i < group.Count; i++)
        {
            group[i].Done.SetResult(outcomes[i]);
        }
    }

    private static void CommitAlone(Pending p, Func<IGroupTransaction> begin)
    {
        try
        {
            p.Done.SetResult(IGroupTransaction.WriteAlone(begin, p.Items));
        }
        catch (Exception ex)
        {
            p.Done.SetException(ex);
        }
    }

    private bool TryRemove(Pending p)
    {
        lock (_queue)
        {
            if (!_queue.Contains(p))
            {
                return false;
            }

            var rest = _queue.Where(q => q != p).ToList();
            _queue.Clear();
            foreach (var q in rest)
            {
                _queue.Enqueue(q);
            }

            return true;
        }
    }

    private sealed class Pending(IReadOnlyList<IngestItem> items)
    {
        public IReadOnlyList<IngestItem> Items { get; } = items;

        // Completed by whichever caller writes the group; continuations must not run under its write lock.
        public TaskCompletionSource<IReadOnlyList<IngestOutcome>> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
