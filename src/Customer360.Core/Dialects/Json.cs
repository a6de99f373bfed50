using System.Globalization;
using System.Text.Json;

namespace Customer360.Core.Dialects;

/// <summary>Small, strict readers over JsonElement used by dialects and projection rules.</summary>
public static class Json
{
    public static readonly JsonElement EmptyObject = JsonDocument.Parse("{}").RootElement.Clone();

    public static JsonElement? Prop(this JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null ? v : null;

    /// <summary>A string property; numbers are accepted as their text (MSISDNs are often sent as numbers).</summary>
    public static string? Str(this JsonElement e, string name) => e.Prop(name) is { } v ? Scalar(v) : null;

    /// <summary>A value as text: a string, a number's own text, true/false; null for objects, arrays and null.</summary>
    public static string? Scalar(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.String => v.GetString(),
        JsonValueKind.Number => v.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => null,
    };

    /// <summary>
    /// Largest amount taken as a number. Beyond it a value is no amount, count or balance a producer means,
    /// and a few such values summed on one profile would overflow decimal and fail the whole batch.
    /// </summary>
    public const decimal MaxMagnitude = 1_000_000_000_000_000m;

    /// <summary>A decimal property: a number, or a numeric string, within ±<see cref="MaxMagnitude"/>. Null when absent, null or out of range.</summary>
    public static decimal? Dec(this JsonElement e, string name) => e.Prop(name) is { } v ? Number(v) : null;

    /// <summary>A value as an amount: a number, or a numeric string, within ±<see cref="MaxMagnitude"/>; else null.</summary>
    public static decimal? Number(JsonElement v)
    {
        decimal? d = null;
        if (v.ValueKind == JsonValueKind.Number)
        {
            d = v.TryGetDecimal(out var exact) ? exact
                : v.TryGetDouble(out var dbl) && Math.Abs(dbl) < 7.9e27 ? (decimal)dbl : null;
        }
        else if (v.ValueKind == JsonValueKind.String
            && decimal.TryParse(v.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed))
        {
            d = parsed;
        }

        return d is { } value && Math.Abs(value) <= MaxMagnitude ? value : null;
    }

    public static long? Long(this JsonElement e, string name)
    {
        var d = e.Dec(name);
        return d is null ? null : (long)Math.Round(d.Value);
    }

    public static bool Bool(this JsonElement e, string name)
    {
        var v = e.Prop(name);
        return v?.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.String => string.Equals(v.Value.GetString(), "true", StringComparison.OrdinalIgnoreCase),
            JsonValueKind.Number => v.Value.TryGetInt32(out var i) && i != 0,
            _ => false,
        };
    }

    public static JsonElement ObjOrEmpty(this JsonElement e, string name)
    {
        var v = e.Prop(name);
        return v is { ValueKind: JsonValueKind.Object } ? v.Value : EmptyObject;
    }

    public static string? FirstStr(this JsonElement e, params ReadOnlySpan<string> names)
    {
        foreach (var n in names)
        {
            var s = e.Str(n);
            if (!string.IsNullOrWhiteSpace(s))
            {
                return s;
            }
        }

        return null;
    }
}
