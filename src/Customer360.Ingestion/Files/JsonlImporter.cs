using System.Buffers;
using Customer360.Core.Events;
using Customer360.Core.Ingestion;

namespace Customer360.Ingestion.Files;

public sealed record ImportProgress(long BytesRead, long BytesTotal, long Accepted, long Duplicates, long Rejected);

/// <summary>
/// Imports a JSON-lines file in batches through the same ingestor as every broker. Lines are read as raw
/// bytes (no decoding), so a line with invalid UTF-8 becomes a dead letter rather than a crash.
/// </summary>
public sealed class JsonlImporter(IEventIngestor ingestor)
{
    /// <summary>
    /// Events per batch (the store chains the batches in flight into one transaction). 10,000 was ~10% faster on 10,000
    /// customers but not on 200,000, for ~30 MB more (bench/README.md).
    /// </summary>
    public const int DefaultBatchSize = 5_000;

    /// <summary>
    /// Batches handed to the ingestor at once (see ImportAsync). 2M mixed events over 200k customers: 2 -> 167 s at 292 MB
    /// peak RSS, 3 -> 317 MB, 4 -> 144 s at 335 MB (bench/README.md). The 10M-event drain must stay under 300 MB, so 2.
    /// </summary>
    public const int WritesInFlight = 2;

    public async Task<ImportProgress> ImportAsync(Stream input, string origin, long totalBytes, IProgress<ImportProgress>? progress,
        CancellationToken cancellationToken, int batchSize = DefaultBatchSize)
    {
        long accepted = 0, duplicates = 0, rejected = 0, read = 0, lineNo = 0;
        var batch = new List<RawMessage>(batchSize);
        var reader = System.IO.Pipelines.PipeReader.Create(input, new System.IO.Pipelines.StreamPipeReaderOptions(bufferSize: 1 << 16));

        // Batches are parsed and written on pool threads while this one reads on, up to WritesInFlight at once: the
        // store chains the one waiting behind a write into its transaction (GroupCommit).
        var inFlight = new Queue<(Task<IReadOnlyList<IngestOutcome>> Write, long ReadAt)>();

        async Task CollectOldestAsync()
        {
            var (write, readAt) = inFlight.Dequeue();
            foreach (var o in await write)
            {
                _ = o.Status switch
                {
                    IngestStatus.Accepted => accepted++,
                    IngestStatus.Duplicate => duplicates++,
                    _ => rejected++,
                };
            }

            progress?.Report(new ImportProgress(readAt, totalBytes, accepted, duplicates, rejected));
        }

        async Task FlushAsync()
        {
            if (batch.Count == 0)
            {
                return;
            }

            var full = batch;
            batch = new List<RawMessage>(batchSize);
            inFlight.Enqueue((Task.Run(() => ingestor.IngestAsync(full, cancellationToken), cancellationToken), read));
            if (inFlight.Count >= WritesInFlight)
            {
                await CollectOldestAsync();
            }
        }

        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken);
            var buffer = result.Buffer;
            while (TryReadLine(ref buffer, result.IsCompleted, out var line))
            {
                lineNo++;
                read += line.Length + 1;
                var bytes = BuffersExtensions.ToArray(line).AsMemory().TrimEnd((byte)'\r');
                if (bytes.Span.Trim((byte)' ').Length == 0)
                {
                    continue;
                }

                batch.Add(new RawMessage(bytes, "file", $"{origin}:{lineNo}"));
                if (batch.Count >= batchSize)
                {
                    await FlushAsync();
                }
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted)
            {
                break;
            }
        }

        await reader.CompleteAsync();
        await FlushAsync();
        while (inFlight.Count > 0)
        {
            await CollectOldestAsync();
        }

        return new ImportProgress(read, totalBytes, accepted, duplicates, rejected);
    }

    private static bool TryReadLine(ref System.Buffers.ReadOnlySequence<byte> buffer, bool completed, out System.Buffers.ReadOnlySequence<byte> line)
    {
        var position = buffer.PositionOf((byte)'\n');
        if (position is null)
        {
            if (completed && buffer.Length > 0)
            {
                line = buffer;
                buffer = buffer.Slice(buffer.End);
                return true;
            }

            line = default;
            return false;
        }

        line = buffer.Slice(0, position.Value);
        buffer = buffer.Slice(buffer.GetPosition(1, position.Value));
        return true;
    }
}
