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
    public static string FromContent(string source, JsonElement root)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            root.WriteTo(writer);
        }

        var sourceBytes = Encoding.UTF8.GetBytes(source + "\n");
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(sourceBytes);
        sha.AppendData(buffer.WrittenSpan);
        Span<byte> hash = stackalloc byte[32];
        sha.GetHashAndReset(hash);
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
