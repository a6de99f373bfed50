using System.Buffers;
using System.Globalization;
using System.Text;

namespace Customer360.Ingestion.Nats.Client.Protocol;

/// <summary>
/// Pure parser of the server side of the NATS protocol. It takes whatever bytes have arrived and returns one
/// complete operation at a time, leaving a partial frame (split anywhere, also inside a payload) in the buffer
/// until more bytes come. No I/O, no state between calls, so it is tested byte by byte.
/// </summary>
public sealed class NatsProtocolParser(int maxControlLine = 64 * 1024, int maxPayload = 64 * 1024 * 1024)
{
    private static readonly char[] Separators = [' ', '\t'];

    /// <summary>
    /// Parses one operation from the start of <paramref name="buffer"/>. On success the buffer is advanced past
    /// it; otherwise it is left untouched and more bytes are needed. Throws <see cref="NatsProtocolException"/>
    /// on bytes that can never become a valid operation.
    /// </summary>
    public bool TryParse(ref ReadOnlySequence<byte> buffer, out ServerOp? op)
    {
        op = null;
        var reader = new SequenceReader<byte>(buffer);
        if (!reader.TryReadTo(out ReadOnlySequence<byte> lineBytes, "\r\n"u8, advancePastDelimiter: true))
        {
            if (buffer.Length > maxControlLine)
            {
                throw new NatsProtocolException($"control line longer than {maxControlLine} bytes");
            }

            return false;
        }

        if (lineBytes.Length > maxControlLine)
        {
            throw new NatsProtocolException($"control line longer than {maxControlLine} bytes");
        }

        var line = Encoding.UTF8.GetString(lineBytes);
        var space = line.AsSpan().IndexOfAny(' ', '\t');
        var name = (space < 0 ? line : line[..space]).ToUpperInvariant();
        var rest = space < 0 ? "" : line[(space + 1)..].Trim();
        switch (name)
        {
            case "MSG":
            case "HMSG":
                if (!TryParseMessage(ref reader, rest, name == "HMSG", out op))
                {
                    return false;
                }

                break;
            case "PING":
                op = ServerOp.PingOp;
                break;
            case "PONG":
                op = ServerOp.PongOp;
                break;
            case "+OK":
                op = ServerOp.OkOp;
                break;
            case "-ERR":
                op = new ServerOp(ServerOpKind.Err, rest.Trim('\''));
                break;
            case "INFO":
                op = new ServerOp(ServerOpKind.Info, rest);
                break;
            default:
                throw new NatsProtocolException($"unknown operation: {(line.Length > 40 ? line[..40] : line)}");
        }

        buffer = buffer.Slice(reader.Position);
        return true;
    }

    // MSG <subject> <sid> [reply-to] <#bytes> / HMSG <subject> <sid> [reply-to] <#header bytes> <#total bytes>
    private bool TryParseMessage(ref SequenceReader<byte> reader, string args, bool withHeaders, out ServerOp? op)
    {
        op = null;
        var parts = args.Split(Separators, StringSplitOptions.RemoveEmptyEntries);
        var sizes = withHeaders ? 2 : 1;
        if (parts.Length < 2 + sizes || parts.Length > 3 + sizes)
        {
            throw new NatsProtocolException($"bad {(withHeaders ? "HMSG" : "MSG")} arguments: {args}");
        }

        var total = ParseSize(parts[^1]);
        var headerSize = withHeaders ? ParseSize(parts[^2]) : 0;
        if (headerSize > total || total > maxPayload)
        {
            throw new NatsProtocolException($"bad message sizes: {args}");
        }

        if (reader.Remaining < total + 2)
        {
            return false;
        }

        var body = reader.UnreadSequence.Slice(0, total);
        reader.Advance(total);
        if (!reader.IsNext("\r\n"u8, advancePast: true))
        {
            throw new NatsProtocolException("message payload not followed by CRLF");
        }

        var bytes = body.ToArray();
        var headers = withHeaders ? NatsHeaders.Parse(bytes.AsSpan(0, headerSize)) : null;
        var sid = long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var s)
            ? s
            : throw new NatsProtocolException($"bad sid: {parts[1]}");
        var replyTo = parts.Length == 3 + sizes ? parts[2] : null;
        var data = new ReadOnlyMemory<byte>(bytes, headerSize, total - headerSize);
        op = new ServerOp(ServerOpKind.Msg, Sid: sid, Message: new NatsMessage(parts[0], replyTo, data, headers));
        return true;
    }

    private static int ParseSize(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw new NatsProtocolException($"bad size: {text}");
}
