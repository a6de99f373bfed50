using System.Security.Cryptography;
using System.Text;

namespace Customer360.Core.Storage.Erasure;

/// <summary>
/// What an erased customer's raw events become. The row keeps tenant, event id and seq, so a broker's
/// redelivery of an old event is still a duplicate and cannot bring the customer back; the body and the
/// customer id are replaced.
/// </summary>
public static class Tombstone
{
    private static readonly byte[] RedactedBody = """{"redacted":true}"""u8.ToArray();

    public static byte[] Body => (byte[])RedactedBody.Clone();

    /// <summary>True for a raw event an erase redacted: replay skips it (it is no rejection).</summary>
    public static bool IsRedacted(ReadOnlySpan<byte> raw) => raw.SequenceEqual(RedactedBody);

    public static string NewErasureId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));

    public static string CustomerId(string erasureId) => "erased-" + erasureId;

    /// <summary>
    /// The byte strings whose presence in a dead letter means it is about the customer: each id as a JSON
    /// string (quoted, so id "42" does not match every number), each email, each phone as stored and as digits.
    /// </summary>
    public static IReadOnlyList<byte[]> Needles(IEnumerable<string> ids, IEnumerable<string?> emails, IEnumerable<string?> phones)
    {
        var needles = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var id in ids)
        {
            needles.Add($"\"{id}\"");
        }

        foreach (var email in emails)
        {
            if (Identifiers.Normalize(Identifiers.Email, email) is { } e)
            {
                needles.Add(e);
            }
        }

        foreach (var phone in phones)
        {
            if (Identifiers.Normalize(Identifiers.Phone, phone) is { } digits)
            {
                needles.Add(digits);
                needles.Add(phone!.Trim());
            }
        }

        return needles.Select(n => Encoding.UTF8.GetBytes(n.ToLowerInvariant())).ToList();
    }

    /// <summary>Whether raw bytes contain any needle, ASCII case-insensitively (emails arrive in any case); bytes need not be valid UTF-8.</summary>
    public static bool Mentions(ReadOnlySpan<byte> raw, IReadOnlyList<byte[]> needles)
    {
        if (raw.IsEmpty || needles.Count == 0)
        {
            return false;
        }

        var buffer = new byte[raw.Length];
        for (var i = 0; i < raw.Length; i++)
        {
            var b = raw[i];
            buffer[i] = b is >= (byte)'A' and <= (byte)'Z' ? (byte)(b + 32) : b;
        }

        foreach (var needle in needles)
        {
            if (buffer.AsSpan().IndexOf(needle) >= 0)
            {
                return true;
            }
        }

        return false;
    }
}
