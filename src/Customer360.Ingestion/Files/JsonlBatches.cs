using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using Customer360.Core.Events;

namespace Customer360.Ingestion.Files;

/// <summary>
/// Messages of a JSON-lines input, where the batch ends in it (bytes from where reading began), and its last line's
/// number: where to read again from if the writes after it fail.
/// </summary>
internal sealed record JsonlBatch(List<RawMessage> Messages, long EndOffset, long LastLine);

internal static class JsonlBatches
{
    /// <summary>
    /// Batches of `batchSize` non-blank lines; the last one, possibly empty, ends where the input does. Lines are read as
    /// raw bytes (no decoding), so a line with invalid UTF-8 becomes a dead letter rather than a crash. The input is
    /// left open: a failed write seeks it back and reads it again.
    /// </summary>
    public static async IAsyncEnumerable<JsonlBatch> ReadAsync(Stream input, string origin, long linesBefore, int batchSize,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var reader = PipeReader.Create(input, new StreamPipeReaderOptions(bufferSize: 1 << 16, leaveOpen: true));
        try
        {
            long read = 0, lineNo = linesBefore;
            var batch = new List<RawMessage>(batchSize);
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
                        yield return new JsonlBatch(batch, read, lineNo);
                        batch = new List<RawMessage>(batchSize);
                    }
                }

                reader.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted)
                {
                    yield return new JsonlBatch(batch, read, lineNo);
                    yield break;
                }
            }
        }
        finally
        {
            await reader.CompleteAsync();
        }
    }

    private static bool TryReadLine(ref ReadOnlySequence<byte> buffer, bool completed, out ReadOnlySequence<byte> line)
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
