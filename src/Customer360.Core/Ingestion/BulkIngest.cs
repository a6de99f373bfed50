using Customer360.Core.Storage;

namespace Customer360.Core.Ingestion;

/// <summary>
/// A stretch of a bulk write through the store's own (IProfileStore.BeginBulkWriteAsync), holding the write gate as
/// one live write. It keeps a tally of what it applied, not the batches: metrics count the stretch when it commits,
/// live views hear of their customers' changes then, and an unmerge in it rebuilds the projection once the gate is let
/// go. Which customers changed is kept only while someone watches (nobody does during a `c360 import`).
/// </summary>
internal sealed class BulkIngest(IBulkWrite store, IDisposable gate, IngestMetrics metrics, ChangeFeed changes, ReplayService replay) : IBulkWrite
{
    private readonly long _started = System.Diagnostics.Stopwatch.GetTimestamp();
    private readonly IngestTally _tally = new();
    private HashSet<(string, string)>? _changed;

    public async Task<IReadOnlyList<IngestOutcome>> ApplyAsync(IReadOnlyList<IngestItem> items, CancellationToken cancellationToken)
    {
        IReadOnlyList<IngestOutcome> outcomes;
        try
        {
            outcomes = await store.ApplyAsync(items, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            metrics.RecordStoreFailure(); // as for a batch that fails to write: the stretch is rolled back
            throw;
        }

        if (_tally.Batches == 0) // the first batch decides whether changed customers are collected
        {
            _changed = changes.HasSubscribers ? [] : null;
        }

        _tally.Count(items, outcomes);
        if (_changed is not null)
        {
            ChangeFeed.Collect(items, outcomes, _changed);
        }

        return outcomes;
    }

    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        try
        {
            await store.CommitAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            metrics.RecordStoreFailure();
            throw;
        }
        finally
        {
            await DisposeAsync();
        }

        metrics.Record(_tally, System.Diagnostics.Stopwatch.GetElapsedTime(_started));
        if (_tally.HasUnmerge)
        {
            await replay.ReplayAsync(null, cancellationToken);
            changes.PublishAll();
        }
        else if (_changed is not null)
        {
            changes.Publish(_changed);
        }
        else if (_tally.Accepted > 0 && changes.HasSubscribers)
        {
            changes.PublishAll(); // the first watcher came after the stretch began: its view may be behind any of it
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await store.DisposeAsync();
        }
        finally
        {
            gate.Dispose(); // idempotent
        }
    }
}
