namespace Customer360.Ingestion.Http;

/// <summary>
/// Splits a request body into its events without parsing them: a top-level JSON array by bracket depth,
/// NDJSON by line, anything else as one event. One malformed or non-UTF-8 element therefore becomes its own
/// dead letter while the rest of the batch is still applied.
/// </summary>
public static class JsonBatchSplitter
{
    public static List<ReadOnlyMemory<byte>> Split(ReadOnlyMemory<byte> body, bool ndjson)
    {
        var span = body.Span;
        var start = SkipWhitespace(span, 0);
        if (start < span.Length && span[start] == (byte)'[' && !ndjson)
        {
            return SplitArray(body, start) ?? [body];
        }

        if (ndjson || LooksLikeNdjson(span, start))
        {
            return SplitLines(body);
        }

        return [body];
    }

    private static List<ReadOnlyMemory<byte>>? SplitArray(ReadOnlyMemory<byte> body, int open)
    {
        var span = body.Span;
        var parts = new List<ReadOnlyMemory<byte>>();
        var depth = 0;
        var inString = false;
        var elementStart = open + 1;
        for (var i = open + 1; i < span.Length; i++)
        {
            var b = span[i];
            if (inString)
            {
                if (b == (byte)'\\')
                {
                    i++;
                }
                else if (b == (byte)'"')
                {
                    inString = false;
                }

                continue;
            }

            switch (b)
            {
                case (byte)'"':
                    inString = true;
                    break;
                case (byte)'{' or (byte)'[':
                    depth++;
                    break;
                case (byte)'}' or (byte)']' when depth > 0:
                    depth--;
                    break;
                case (byte)',' when depth == 0:
                    AddTrimmed(parts, body, elementStart, i);
                    elementStart = i + 1;
                    break;
                case (byte)']' when depth == 0:
                    AddTrimmed(parts, body, elementStart, i);
                    // Anything but whitespace after the closing bracket: not an array we understand.
                    return SkipWhitespace(span, i + 1) == span.Length ? parts : null;
            }
        }

        return null; // unterminated array: let the whole body be one dead letter with the parser's reason
    }

    private static List<ReadOnlyMemory<byte>> SplitLines(ReadOnlyMemory<byte> body)
    {
        var parts = new List<ReadOnlyMemory<byte>>();
        var span = body.Span;
        var lineStart = 0;
        for (var i = 0; i <= span.Length; i++)
        {
            if (i == span.Length || span[i] == (byte)'\n')
            {
                AddTrimmed(parts, body, lineStart, i);
                lineStart = i + 1;
            }
        }

        return parts;
    }

    private static bool LooksLikeNdjson(ReadOnlySpan<byte> span, int start)
    {
        if (start >= span.Length || span[start] != (byte)'{')
        {
            return false;
        }

        var newline = span.IndexOf((byte)'\n');
        return newline > 0 && SkipWhitespace(span, newline) < span.Length && span[SkipWhitespace(span, newline)] == (byte)'{'
            && span[..newline].TrimEnd((byte)'\r').TrimEnd((byte)' ').EndsWith("}"u8);
    }

    private static void AddTrimmed(List<ReadOnlyMemory<byte>> parts, ReadOnlyMemory<byte> body, int from, int to)
    {
        var s = SkipWhitespace(body.Span, from);
        var e = to;
        while (e > s && IsWhitespace(body.Span[e - 1]))
        {
            e--;
        }

        if (e > s)
        {
            parts.Add(body[s..e]);
        }
    }

    private static int SkipWhitespace(ReadOnlySpan<byte> span, int i)
    {
        while (i < span.Length && IsWhitespace(span[i]))
        {
            i++;
        }

        return i;
    }

    private static bool IsWhitespace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n';
}
