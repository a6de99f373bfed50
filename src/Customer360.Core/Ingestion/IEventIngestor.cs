using Customer360.Core.Events;

namespace Customer360.Core.Ingestion;

/// <summary>
/// The one door into the store for every source. When the returned task completes, every message of the
/// batch is durably committed: as an event (new or duplicate) or as a dead letter. Only then may a source
/// ack / store its offset. If the task throws, nothing of the batch may be acked (redeliver it).
/// </summary>
public interface IEventIngestor
{
    Task<IReadOnlyList<IngestOutcome>> IngestAsync(IReadOnlyList<RawMessage> batch, CancellationToken cancellationToken);

    /// <summary>The same for messages a source parsed itself (while the batch before was being written).</summary>
    Task<IReadOnlyList<IngestOutcome>> WriteAsync(IReadOnlyList<Storage.IngestItem> items, CancellationToken cancellationToken);

    /// <summary>
    /// One stretch of a bulk write (Storage.IBulkWrite), for a source that can read its input again: its batches are
    /// committed together by CommitAsync, and a stretch disposed before that leaves nothing. Null when the store has no
    /// long transactions: write batch by batch.
    /// </summary>
    Task<Storage.IBulkWrite?> BeginBulkWriteAsync(CancellationToken cancellationToken) => Task.FromResult<Storage.IBulkWrite?>(null);
}
