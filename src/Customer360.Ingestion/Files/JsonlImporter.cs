using Customer360.Core.Dialects;
using Customer360.Core.Ingestion;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Customer360.Ingestion.Files;

public sealed record ImportProgress(long BytesRead, long BytesTotal, long Accepted, long Duplicates, long Rejected);

/// <summary>
/// Imports a JSON-lines file through the same ingestor, and so the same rules, as every broker. An input that can be
/// read again (a file) is written in long stretches, each one transaction (ImportStretchesAsync); stdin, a pipe, or a
/// store without long transactions is written batch by batch.
/// </summary>
public sealed partial class JsonlImporter(IEventIngestor ingestor, EventParser parser, ILogger<JsonlImporter>? logger = null)
{
    private readonly ILogger _logger = logger ?? NullLogger<JsonlImporter>.Instance;

    /// <summary>
    /// Events per batch: parsed on a pool thread while the one before is written. 10,000 was ~10% faster than 5,000
    /// on 10,000 customers but not on 200,000, for ~30 MB more (bench/README.md).
    /// </summary>
    public const int DefaultBatchSize = 5_000;

    /// <summary>
    /// Batch by batch, the batches handed to the ingestor at once. 2M mixed events over 200k customers: 2 -> 167 s at
    /// 292 MB peak RSS, 3 -> 317 MB, 4 -> 144 s at 335 MB (bench/README.md). The 10M-event drain must stay under 300 MB, so 2.
    /// </summary>
    public const int WritesInFlight = 2;

    /// <param name="stretchEvents">Events per committed stretch of an input that can be read again (DefaultStretchEvents).</param>
    public async Task<ImportProgress> ImportAsync(Stream input, string origin, long totalBytes, IProgress<ImportProgress>? progress,
        CancellationToken cancellationToken, int batchSize = DefaultBatchSize, int stretchEvents = DefaultStretchEvents)
    {
        var counts = new ImportCounts(totalBytes);
        if (!input.CanSeek)
        {
            return await ImportBatchesAsync(input, origin, new ResumeAt(0, 0), counts, progress, batchSize, cancellationToken);
        }

        var start = input.Position;
        if (await ImportStretchesAsync(input, origin, counts, progress, batchSize, stretchEvents, cancellationToken) is not { } resume)
        {
            return counts.Progress;
        }

        // A stretch failed and was rolled back (or the store has no long transactions): everything before it stands.
        // The rest goes batch by batch, so a batch that cannot be written fails alone, as from any source.
        input.Position = start + resume.Offset;
        if (resume.Error is { } error)
        {
            LogStretchFailed(origin, resume.Lines + 1, error);
        }

        return await ImportBatchesAsync(input, origin, resume, counts, progress, batchSize, cancellationToken);
    }

    /// <summary>Where in the input writing starts again (bytes from where the import began, and the lines before them), and why.</summary>
    private readonly record struct ResumeAt(long Offset, long Lines, Exception? Error = null);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Importing {Origin}: a transaction failed and was rolled back; writing on batch by batch from line {Line}")]
    private partial void LogStretchFailed(string origin, long line, Exception error);

    private async Task<ImportProgress> ImportBatchesAsync(Stream input, string origin, ResumeAt from, ImportCounts counts,
        IProgress<ImportProgress>? progress, int batchSize, CancellationToken cancellationToken)
    {
        // Batches are parsed and written on pool threads while this one reads on, up to WritesInFlight at once: the
        // store chains the one waiting behind a write into its transaction (GroupCommit).
        var inFlight = new Queue<(Task<IReadOnlyList<IngestOutcome>> Write, long ReadAt)>();

        async Task CollectOldestAsync()
        {
            var (write, readAt) = inFlight.Dequeue();
            counts.Pend(await write);
            counts.Commit(from.Offset + readAt);
            progress?.Report(counts.Progress);
        }

        await foreach (var batch in JsonlBatches.ReadAsync(input, origin, from.Lines, batchSize, cancellationToken))
        {
            var messages = batch.Messages;
            inFlight.Enqueue((messages.Count == 0 ? Task.FromResult<IReadOnlyList<IngestOutcome>>([]) : Task.Run(() => ingestor.IngestAsync(messages, cancellationToken), cancellationToken), batch.EndOffset));
            if (inFlight.Count >= WritesInFlight)
            {
                await CollectOldestAsync();
            }
        }

        while (inFlight.Count > 0)
        {
            await CollectOldestAsync();
        }

        return counts.Progress;
    }

    /// <summary>Outcomes counted as they are applied, and added to the import's once their writes are committed.</summary>
    private sealed class ImportCounts(long totalBytes)
    {
        private long _accepted, _duplicates, _rejected;

        public ImportProgress Progress { get; private set; } = new(0, totalBytes, 0, 0, 0);

        public void Pend(IEnumerable<IngestOutcome> outcomes)
        {
            foreach (var o in outcomes)
            {
                _ = o.Status switch
                {
                    IngestStatus.Accepted => _accepted++,
                    IngestStatus.Duplicate => _duplicates++,
                    _ => _rejected++,
                };
            }
        }

        /// <summary>What was pending is committed, and so is the input up to `bytesRead`.</summary>
        public void Commit(long bytesRead)
        {
            Progress = new ImportProgress(bytesRead, Progress.BytesTotal, Progress.Accepted + _accepted, Progress.Duplicates + _duplicates,
                Progress.Rejected + _rejected);
            DropPending();
        }

        /// <summary>What was pending was rolled back.</summary>
        public void DropPending() => (_accepted, _duplicates, _rejected) = (0, 0, 0);
    }
}
