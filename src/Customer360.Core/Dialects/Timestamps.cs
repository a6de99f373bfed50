using System.Globalization;
using System.Text.Json;

namespace Customer360.Core.Dialects;

/// <summary>
/// Reads the timestamps producers really send: ISO 8601 with 0-9 fraction digits, `Z`, an offset, or no
/// zone (taken as UTC); Python's `isoformat()+'Z'` even on an aware datetime (`+00:00Z`); unix seconds and
/// epoch millis as numbers or numeric strings.
/// </summary>
public static class Timestamps
{
    // Seconds beyond this are taken as milliseconds: 1e11 s is the year 5138, 1e11 ms is 1973.
    private const double MillisThreshold = 1e11;

    // Numbers below this (1973-03) are not times a producer means; they are usually another field's value.
    private const double MinEpochSeconds = 1e8;

    public static bool TryParse(JsonElement value, out DateTimeOffset result)
    {
        result = default;
        return value.ValueKind switch
        {
            JsonValueKind.Number => value.TryGetDouble(out var n) && TryFromEpoch(n, out result),
            JsonValueKind.String => TryParse(value.GetString(), out result),
            _ => false,
        };
    }

    public static bool TryParse(string? text, out DateTimeOffset result)
    {
        result = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var s = text.Trim();
        if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && !s.Contains('-', StringComparison.Ordinal))
        {
            return TryFromEpoch(n, out result);
        }

        return TryParseIso(s, out result);
    }

    public static bool TryFromEpoch(double n, out DateTimeOffset result)
    {
        result = default;
        if (double.IsNaN(n) || double.IsInfinity(n) || n < MinEpochSeconds)
        {
            return false;
        }

        var millis = n >= MillisThreshold ? n : n * 1000d;
        if (millis > 253402300799999d)
        {
            return false;
        }

        result = DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(millis));
        return true;
    }

    private static bool TryParseIso(string s, out DateTimeOffset result)
    {
        result = default;

        // Python: datetime.now(timezone.utc).isoformat() + 'Z' gives "+00:00Z"; the offset is the truth.
        if (s.Length > 6 && (s[^1] == 'Z' || s[^1] == 'z') && (s[^7] == '+' || s[^7] == '-') && s[^4] == ':')
        {
            s = s[..^1];
        }

        // .NET keeps at most 7 fraction digits; Java's Instant.toString() and others send 9.
        var dot = s.IndexOf('.', StringComparison.Ordinal);
        if (dot > 0)
        {
            var end = dot + 1;
            while (end < s.Length && char.IsAsciiDigit(s[end]))
            {
                end++;
            }

            var digits = end - dot - 1;
            if (digits == 0)
            {
                return false;
            }

            if (digits > 7)
            {
                s = string.Concat(s.AsSpan(0, dot + 8), s.AsSpan(end));
            }
        }

        const DateTimeStyles styles = DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal | DateTimeStyles.AllowWhiteSpaces;
        if (!DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, styles, out result))
        {
            return false;
        }

        // Reject things DateTimeOffset.TryParse is lenient about but no producer means as a time ("12", "May").
        if (s.Length < 10 || !char.IsAsciiDigit(s[0]) || s[4] != '-')
        {
            result = default;
            return false;
        }

        result = result.ToUniversalTime();
        return true;
    }
}
