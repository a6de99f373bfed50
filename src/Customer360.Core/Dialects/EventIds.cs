using System.Buffers;
using System.Runtime.InteropServices;
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

        // TryCompact advances the buffer only when it succeeds: on false the source line is all that is written.
        if (!TryCompact(JsonMarshal.GetRawUtf8Value(root), buffer))
        {
            var writer = t_writer ??= new Utf8JsonWriter(buffer);
            writer.Reset(buffer);
            root.WriteTo(writer);
            writer.Flush();
        }

        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(buffer.WrittenSpan, hash);
        return Prefixed("h-", hash[..16]);
    }

    /// <summary>prefix + lower-case hex of the bytes, as one string (the concatenation made a second one per event).</summary>
    private static string Prefixed(string prefix, ReadOnlySpan<byte> bytes)
    {
        Span<char> chars = stackalloc char[prefix.Length + bytes.Length * 2];
        prefix.CopyTo(chars);
        Convert.TryToHexStringLower(bytes, chars[prefix.Length..], out _);
        return new string(chars);
    }

    // Bytes a string may hold that Utf8JsonWriter writes back unchanged (asked of the writer itself, once).
    private static readonly bool[] Verbatim = VerbatimBytes();

    /// <summary>
    /// The compact JSON of a body, the same bytes <c>JsonElement.WriteTo</c> would give, in one pass over the body
    /// when that is possible: the whitespace between tokens dropped, everything else copied. A string with an
    /// escape or a byte the writer would escape (non-ASCII, <c>+</c>, <c>&lt;</c>, ...) is left to the writer
    /// (false). Numbers and literals are written as they were sent either way.
    /// </summary>
    internal static bool TryCompact(ReadOnlySpan<byte> json, ArrayBufferWriter<byte> buffer)
    {
        var output = buffer.GetSpan(json.Length);
        var length = 0;
        var inString = false;
        foreach (var b in json)
        {
            if (inString)
            {
                if (b == (byte)'"')
                {
                    inString = false;
                }
                else if (!Verbatim[b])
                {
                    return false;
                }
            }
            else if (b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r')
            {
                continue;
            }
            else if (b == (byte)'"')
            {
                inString = true;
            }

            output[length++] = b;
        }

        buffer.Advance(length);
        return true;
    }

    private static bool[] VerbatimBytes()
    {
        var verbatim = new bool[256];
        var buffer = new ArrayBufferWriter<byte>(16);
        using var writer = new Utf8JsonWriter(buffer);
        for (var b = 0x20; b < 0x80; b++)
        {
            buffer.ResetWrittenCount();
            writer.Reset(buffer);
            writer.WriteStringValue([(char)b]);
            writer.Flush();
            verbatim[b] = b != '"' && buffer.WrittenSpan.SequenceEqual([(byte)'"', (byte)b, (byte)'"']);
        }

        return verbatim;
    }

    private const string ProvisionalPrefix = "c360-";

    /// <summary>True for the ids of provisional profiles (created for events known only by email or phone).</summary>
    public static bool IsProvisional(string customerId) => customerId.StartsWith(ProvisionalPrefix, StringComparison.Ordinal);

    /// <summary>An id for a customer known only by email or phone: deterministic, so replay finds the same one.</summary>
    public static string ForIdentifier(string tenant, string kind, string normalizedValue)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes($"{tenant}\n{kind}\n{normalizedValue}"), hash);
        return Prefixed(ProvisionalPrefix, hash[..8]);
    }
}
