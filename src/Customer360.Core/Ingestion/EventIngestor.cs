using Customer360.Core.Dialects;
using Customer360.Core.Events;
using Customer360.Core.Storage;

namespace Customer360.Core.Ingestion;

/// <summary>Parses a batch with the dialects, writes it in one store transaction, then tells metrics and live subscribers.</summary>
public sealed class EventIngestor(EventParser parser, IProfileStore store, IngestMetrics metrics, ChangeFeed changes, WriteGate gate, ReplayService replay)
    : IEventIngestor
{
    public Task<IReadOnlyList<IngestOutcome>> IngestAsync(IReadOnlyList<RawMessage> batch, CancellationToken cancellationToken) =>
        WriteAsync(IngestItem.ParseAll(parser, batch), cancellationToken);

    /// <summary>Writes already-parsed items (dead-letter retries use it to resolve the letter in the same transaction).</summary>
    public async Task<IReadOnlyList<IngestOutcome>> WriteAsync(IReadOnlyList<IngestItem> items, CancellationToken cancellationToken)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        IReadOnlyList<IngestOutcome> outcomes;
        using (await gate.EnterAsync(cancellationToken))
        {
            try
            {
                outcomes = await store.WriteBatchAsync(items, cancellationToken);
            }
            catch
            {
                metrics.RecordStoreFailure();
                throw;
            }
        }

        var tally = IngestTally.Of(items, outcomes);
        metrics.Record(tally, System.Diagnostics.Stopwatch.GetElapsedTime(started));

        // An unmerge undoes a merge whose effects are spread over rows written since: rebuild from the raw log.
        if (tally.HasUnmerge)
        {
            await replay.ReplayAsync(null, cancellationToken);
            changes.PublishAll();
        }

        changes.Publish(items, outcomes);
        return outcomes;
    }

    public async Task<IBulkWrite?> BeginBulkWriteAsync(CancellationToken cancellationToken)
    {
        var entered = await gate.EnterAsync(cancellationToken);
        try
        {
            if (await store.BeginBulkWriteAsync(cancellationToken) is { } stretch)
            {
                return new BulkIngest(stretch, entered, metrics, changes, replay);
            }
        }
        catch (Exception ex)
        {
            entered.Dispose();
            if (ex is not OperationCanceledException)
            {
                metrics.RecordStoreFailure();
            }

            throw;
        }

        entered.Dispose();
        return null;
    }
}
