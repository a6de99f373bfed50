using System.Buffers;
using System.Globalization;
using System.Text;

namespace Customer360.Ingestion.Nats.Client.Protocol;

/// <summary>Writes client operations (CONNECT, PING, PONG, SUB, UNSUB, PUB, HPUB) into a buffer.</summary>
public static class NatsProtocolWriter
{
    public static void Connect(IBufferWriter<byte> output, string json) => Ascii(output, $"CONNECT {json}\r\n");

    public static void Ping(IBufferWriter<byte> output) => output.Write("PING\r\n"u8);

    public static void Pong(IBufferWriter<byte> output) => output.Write("PONG\r\n"u8);

    public static void Sub(IBufferWriter<byte> output, string subject, string? queueGroup, long sid)
    {
        ValidateSubject(subject, allowWildcards: true);
        Ascii(output, queueGroup is { Length: > 0 }
            ? $"SUB {subject} {queueGroup} {sid.ToString(CultureInfo.InvariantCulture)}\r\n"
            : $"SUB {subject} {sid.ToString(CultureInfo.InvariantCulture)}\r\n");
    }

    public static void Unsub(IBufferWriter<byte> output, long sid) =>
        Ascii(output, $"UNSUB {sid.ToString(CultureInfo.InvariantCulture)}\r\n");

    /// <summary>PUB, or HPUB when there are headers.</summary>
    public static void Pub(IBufferWriter<byte> output, string subject, string? replyTo, NatsHeaders? headers, ReadOnlySpan<byte> payload)
    {
        ValidateSubject(subject, allowWildcards: false);
        var reply = replyTo is { Length: > 0 } ? " " + replyTo : "";
        if (headers is null)
        {
            Ascii(output, $"PUB {subject}{reply} {payload.Length.ToString(CultureInfo.InvariantCulture)}\r\n");
        }
        else
        {
            var h = headers.ToBytes();
            Ascii(output, string.Create(CultureInfo.InvariantCulture, $"HPUB {subject}{reply} {h.Length} {h.Length + payload.Length}\r\n"));
            output.Write(h);
        }

        output.Write(payload);
        output.Write("\r\n"u8);
    }

    /// <summary>Refuses subjects that would corrupt the stream (spaces, CR/LF) or publish to a wildcard.</summary>
    public static void ValidateSubject(string subject, bool allowWildcards)
    {
        if (subject.Length == 0 || subject.AsSpan().IndexOfAny(" \t\r\n") >= 0 || subject.StartsWith('.') || subject.EndsWith('.') || subject.Contains("..", StringComparison.Ordinal))
        {
            throw new ArgumentException($"invalid NATS subject '{subject}'", nameof(subject));
        }

        if (!allowWildcards && subject.Split('.').Any(t => t is "*" or ">"))
        {
            throw new ArgumentException($"cannot publish to wildcard subject '{subject}'", nameof(subject));
        }
    }

    private static void Ascii(IBufferWriter<byte> output, string text)
    {
        var span = output.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
        output.Advance(Encoding.UTF8.GetBytes(text, span));
    }
}
