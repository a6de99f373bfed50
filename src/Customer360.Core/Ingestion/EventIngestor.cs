using Customer360.Core.Dialects;
using Customer360.Core.Events;
using Customer360.Core.Storage;

namespace Customer360.Core.Ingestion;

/// <summary>Parses a batch with the dialects, writes it in one store transaction, then tells metrics and live subscribers.</summary>
public sealed class EventIngestor(EventParser parser, IProfileStore store, IngestMetrics metrics, ChangeFeed changes, WriteGate gate, ReplayService replay)
    : IEventIngestor
{
    public async Task<IReadOnlyList<IngestOutcome>> IngestAsync(IReadOnlyList<RawMessage> batch, CancellationToken cancellationToken)
    {
        var items = new IngestItem[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            var result = parser.Parse(batch[i]);
            items[i] = new IngestItem(batch[i], result.Event, result.Rejection);
        }

        return await WriteAsync(items, cancellationToken);
    }

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

        metrics.Record(items, outcomes, System.Diagnostics.Stopwatch.GetElapsedTime(started));

        // An unmerge undoes a merge whose effects are spread over rows written since: rebuild from the raw log.
        if (items.Where((item, i) => outcomes[i].Status == IngestStatus.Accepted && item.Event?.Type == Profiles.MergeEvents.Unmerged).Any())
        {
            await replay.ReplayAsync(null, cancellationToken);
            changes.PublishAll();
        }

        changes.Publish(items, outcomes);
        return outcomes;
    }
}
