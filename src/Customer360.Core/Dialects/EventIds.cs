using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Customer360.Core.Dialects;

/// <summary>
/// Event ids for envelopes that carry none: a stable hash of the producing source and the event's
/// compact JSON, so the same event re-sent (over any broker, with any whitespace) dedups to one.
/// </summary>
public static class EventIds
{
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    public static string FromContent(string source, JsonElement root)
    {
        // Hashed input: source, a newline, the compact JSON; built in a per-thread buffer (ids are made for most
        // telecom events, on the ingestion hot path).
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(1024);
        buffer.ResetWrittenCount();
        var sourceLength = Encoding.UTF8.GetByteCount(source);
        var head = buffer.GetSpan(sourceLength + 1);
        Encoding.UTF8.GetBytes(source, head);
        head[sourceLength] = (byte)'\n';
        buffer.Advance(sourceLength + 1);

        var writer = t_writer ??= new Utf8JsonWriter(buffer);
        writer.Reset(buffer);
        root.WriteTo(writer);
        writer.Flush();

        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(buffer.WrittenSpan, hash);
        return "h-" + Convert.ToHexStringLower(hash[..16]);
    }

    private const string ProvisionalPrefix = "c360-";

    /// <summary>True for the ids of provisional profiles (created for events known only by email or phone).</summary>
    public static bool IsProvisional(string customerId) => customerId.StartsWith(ProvisionalPrefix, StringComparison.Ordinal);

    /// <summary>An id for a customer known only by email or phone: deterministic, so replay finds the same one.</summary>
    public static string ForIdentifier(string tenant, string kind, string normalizedValue)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes($"{tenant}\n{kind}\n{normalizedValue}"), hash);
        return ProvisionalPrefix + Convert.ToHexStringLower(hash[..8]);
    }
}
