using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Npgsql;
using NpgsqlTypes;

namespace Customer360.Core.Storage.Postgres;

/// <summary>
/// Typed, positional parameters (a typed null still lets PostgreSQL pick the right operator), and the few
/// values PostgreSQL refuses where SQLite does not: NUL characters in text, <c>\u0000</c> and lone surrogates in jsonb.
/// </summary>
internal static partial class PostgresValues
{
    /// <summary>The cursor's time format, the same as SQLite's so a cursor reads the same on both stores.</summary>
    public const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    /// <summary>Caps the text a tsvector is built from: PostgreSQL refuses vectors over 1 MB.</summary>
    private const int MaxSearchChars = 100_000;

    public static NpgsqlParameter Text(string? s) => P(NpgsqlDbType.Text, s is null ? null : Clean(s));

    public static NpgsqlParameter Time(DateTimeOffset? t) => P(NpgsqlDbType.TimestampTz, t?.ToUniversalTime());

    public static NpgsqlParameter Money(decimal? d) => P(NpgsqlDbType.Numeric, d);

    public static NpgsqlParameter Int(long? v) => P(NpgsqlDbType.Bigint, v);

    public static NpgsqlParameter Json(string json) => P(NpgsqlDbType.Jsonb, SafeJson(json));

    public static NpgsqlParameter Bytes(byte[] b) => P(NpgsqlDbType.Bytea, b);

    public static NpgsqlParameter Texts(IEnumerable<string?> values) => P(NpgsqlDbType.Array | NpgsqlDbType.Text, values.Select(v => v is null ? null : Clean(v)).ToArray());

    public static NpgsqlParameter Bool(bool b) => P(NpgsqlDbType.Boolean, b);

    private static NpgsqlParameter P(NpgsqlDbType type, object? value) => new() { NpgsqlDbType = type, Value = value ?? DBNull.Value };

    public static string FormatTime(DateTimeOffset t) => t.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture);

    /// <summary>PostgreSQL text cannot hold U+0000; SQLite can. Replace it so such an event is stored, not a poison pill.</summary>
    public static string Clean(string s) => s.Contains('\0', StringComparison.Ordinal) ? s.Replace('\0', '\uFFFD') : s;

    /// <summary>Rewrites the JSON escapes jsonb rejects (<c>\u0000</c>, unpaired surrogates) to <c>\ufffd</c>; valid JSON stays valid.</summary>
    public static string SafeJson(string json)
    {
        if (!json.Contains("\\u", StringComparison.Ordinal))
        {
            return json;
        }

        var sb = new StringBuilder(json.Length);
        for (var i = 0; i < json.Length; i++)
        {
            if (json[i] != '\\' || i + 1 >= json.Length)
            {
                sb.Append(json[i]);
                continue;
            }

            if (json[i + 1] != 'u' || !TryHex(json, i + 2, out var code))
            {
                sb.Append(json, i, 2);
                i++;
                continue;
            }

            if (char.IsHighSurrogate(code) && i + 11 < json.Length && json[i + 6] == '\\' && json[i + 7] == 'u'
                && TryHex(json, i + 8, out var low) && char.IsLowSurrogate(low))
            {
                sb.Append(json, i, 12);
                i += 11;
                continue;
            }

            sb.Append(code == '\0' || char.IsSurrogate(code) ? "\\ufffd" : json.AsSpan(i, 6));
            i += 5;
        }

        return sb.ToString();
    }

    private static bool TryHex(string s, int start, out char value)
    {
        value = '\0';
        if (start + 4 > s.Length || !ushort.TryParse(s.AsSpan(start, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var v))
        {
            return false;
        }

        value = (char)v;
        return true;
    }

    /// <summary>
    /// The text a tsvector is built from: letters-and-digits words joined by spaces, split exactly as user
    /// queries are (see <see cref="PrefixQuery"/>), so <c>ops@zebra.example</c> is found by <c>zebra</c> as on SQLite.
    /// </summary>
    public static string SearchWords(params string?[] parts)
    {
        var sb = new StringBuilder();
        foreach (var part in parts)
        {
            if (part is null)
            {
                continue;
            }

            foreach (Match m in Word().Matches(part))
            {
                if (sb.Length + m.Length + 1 > MaxSearchChars)
                {
                    return sb.ToString();
                }

                sb.Append(m.Value.ToLowerInvariant()).Append(' ');
            }
        }

        return sb.ToString();
    }

    /// <summary>User text to a tsquery: every word must match as a prefix; no tsquery syntax of the input survives.</summary>
    public static string? PrefixQuery(string? query)
    {
        if (string.IsNullOrWhiteSpace(query))
        {
            return null;
        }

        var words = Word().Matches(query).Select(m => m.Value.ToLowerInvariant() + ":*").ToArray();
        return words.Length == 0 ? null : string.Join(" & ", words);
    }

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex Word();
}
