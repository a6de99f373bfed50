using System.Globalization;
using System.Runtime.InteropServices;
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
            JsonValueKind.String => TryParseCommonIso(Unquoted(JsonMarshal.GetRawUtf8Value(value)), out result) || TryParse(value.GetString(), out result),
            _ => false,
        };
    }

    /// <summary>A string token's bytes without its quotes; empty when it holds an escape (the general path decodes it).</summary>
    private static ReadOnlySpan<byte> Unquoted(ReadOnlySpan<byte> raw) =>
        raw.Length >= 2 && raw[0] == (byte)'"' && raw.IndexOf((byte)'\\') < 0 ? raw[1..^1] : default;

    /// <summary>
    /// The shape nearly every producer sends, read straight from the UTF-8 bytes: <c>yyyy-MM-ddTHH:mm:ss</c>, then
    /// 1-7 fraction digits or none, then <c>Z</c>, <c>±HH:MM</c> or no zone (UTC). It gives what the general path gives
    /// for these strings; anything else (other shapes, out-of-range parts, more digits) returns false and is left to
    /// that path, which decides.
    /// </summary>
    internal static bool TryParseCommonIso(ReadOnlySpan<byte> s, out DateTimeOffset result)
    {
        result = default;
        if (s.Length < 19 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':'
            || !TryDigits(s[..4], out var year) || !TryDigits(s.Slice(5, 2), out var month) || !TryDigits(s.Slice(8, 2), out var day)
            || !TryDigits(s.Slice(11, 2), out var hour) || !TryDigits(s.Slice(14, 2), out var minute) || !TryDigits(s.Slice(17, 2), out var second)
            || year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        var at = 19;
        long fraction = 0;
        if (at < s.Length && s[at] == '.')
        {
            var digits = 0;
            while (++at < s.Length && char.IsAsciiDigit((char)s[at]))
            {
                if (++digits > 7)
                {
                    return false;
                }

                fraction = fraction * 10 + (s[at] - '0');
            }

            if (digits == 0)
            {
                return false;
            }

            for (; digits < 7; digits++)
            {
                fraction *= 10;
            }
        }

        var offsetMinutes = 0;
        if (at < s.Length && s[at] is (byte)'Z' or (byte)'z')
        {
            at++;
        }
        else if (at < s.Length && s[at] is (byte)'+' or (byte)'-')
        {
            if (s.Length - at != 6 || s[at + 3] != ':' || !TryDigits(s.Slice(at + 1, 2), out var oh) || !TryDigits(s.Slice(at + 4, 2), out var om)
                || oh > 13 || om > 59)
            {
                return false;
            }

            offsetMinutes = (s[at] == '-' ? -1 : 1) * (oh * 60 + om);
            at += 6;
        }

        if (at != s.Length)
        {
            return false;
        }

        var ticks = new DateTime(year, month, day, hour, minute, second).Ticks + fraction - (offsetMinutes * TimeSpan.TicksPerMinute);
        if (ticks < DateTime.MinValue.Ticks || ticks > DateTime.MaxValue.Ticks)
        {
            return false;
        }

        result = new DateTimeOffset(ticks, TimeSpan.Zero);
        return true;
    }

    private static bool TryDigits(ReadOnlySpan<byte> s, out int value)
    {
        value = 0;
        foreach (var b in s)
        {
            if (!char.IsAsciiDigit((char)b))
            {
                return false;
            }

            value = value * 10 + (b - '0');
        }

        return true;
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
