using Customer360.Core.Ingestion;

namespace Customer360.Core.Storage;

/// <summary>
/// One stretch of a bulk write, for a source that can read its input again (a file; a Kafka partition, whose messages
/// stay in the broker until their offsets are stored): many batches applied in
/// one open transaction, committed once. Nothing applied stands until CommitAsync returns; disposing without it rolls
/// the whole stretch back, and the caller writes it again. Nothing applied is held for a retry, so a stretch can be far
/// longer than the batches a live source keeps in flight: long transactions write each page of the log's indexes once
/// per commit, not once per batch (store harness, 2M telecom events: 40k events/s in transactions of 10,000 and 70k/s
/// in transactions of 40,000; bench/README.md).
/// </summary>
public interface IBulkWrite : IAsyncDisposable
{
    /// <summary>Applies one batch inside the stretch; its outcomes stand once CommitAsync returns.</summary>
    Task<IReadOnlyList<IngestOutcome>> ApplyAsync(IReadOnlyList<IngestItem> items, CancellationToken cancellationToken);

    /// <summary>Commits the stretch and ends it; the next stretch is a new IBulkWrite.</summary>
    Task CommitAsync(CancellationToken cancellationToken);
}
