using System.Text.Json;
using Customer360.Core.Events;

namespace Customer360.Core.Dialects;

/// <summary>The envelope checks every dialect shares, each failing with a reason a producer can act on.</summary>
internal static class Envelope
{
    public static string Tenant(string? envelopeTenant, RawMessage message) =>
        !string.IsNullOrWhiteSpace(envelopeTenant) ? envelopeTenant.Trim()
        : !string.IsNullOrWhiteSpace(message.Tenant) ? message.Tenant
        : DialectNames.DefaultTenant;

    /// <summary>A required non-empty string field; numbers are taken as text, objects/arrays/bools are wrong types.</summary>
    public static string? RequiredString(JsonElement obj, string field, string dialect, ref string? error, bool allowNumber = true)
    {
        if (error is not null)
        {
            return null;
        }

        var v = obj.Prop(field);
        if (v is null)
        {
            error = $"{dialect}: missing required field '{field}'";
            return null;
        }

        if (v.Value.ValueKind != JsonValueKind.String && !(allowNumber && v.Value.ValueKind == JsonValueKind.Number))
        {
            error = $"{dialect}: field '{field}' must be a string, got {v.Value.ValueKind}";
            return null;
        }

        var s = Json.Scalar(v.Value);
        if (string.IsNullOrWhiteSpace(s))
        {
            error = $"{dialect}: field '{field}' is empty";
            return null;
        }

        return s.Trim();
    }

    /// <summary>An optional string field: absent is fine, a wrong type is not.</summary>
    public static string? OptionalString(JsonElement obj, string field, string dialect, ref string? error)
    {
        if (obj.Prop(field) is not { } v)
        {
            return null;
        }

        if (error is null && v.ValueKind is JsonValueKind.Object or JsonValueKind.Array)
        {
            error = $"{dialect}: field '{field}' must be a string, got {v.ValueKind}";
        }

        var s = Json.Scalar(v);
        return string.IsNullOrWhiteSpace(s) ? null : s.Trim();
    }

    public static decimal? OptionalNumber(JsonElement obj, string field, string dialect, ref string? error)
    {
        if (obj.Prop(field) is not { } v)
        {
            return null;
        }

        var d = Json.Number(v);
        if (error is null && d is null)
        {
            error = $"{dialect}: field '{field}' must be a number within ±{Json.MaxMagnitude:0}, got {Describe(v)}";
        }

        return d;
    }

    /// <summary>An optional object field (payload, data, metadata): absent means empty, a wrong type is an error.</summary>
    public static JsonElement OptionalObject(JsonElement obj, string field, string dialect, ref string? error)
    {
        var v = obj.Prop(field);
        if (v is null)
        {
            return Json.EmptyObject;
        }

        if (v.Value.ValueKind != JsonValueKind.Object)
        {
            error ??= $"{dialect}: field '{field}' must be an object, got {v.Value.ValueKind}";
            return Json.EmptyObject;
        }

        return v.Value;
    }

    /// <summary>
    /// The event time: the envelope's field when present (it must parse), else the broker's time, else a rejection.
    /// </summary>
    public static DateTimeOffset Time(JsonElement obj, string field, RawMessage message, string dialect, ref string? error)
    {
        if (error is not null)
        {
            return default;
        }

        var v = obj.Prop(field);
        if (v is null)
        {
            if (message.BrokerTime is { } brokerTime)
            {
                return brokerTime.ToUniversalTime();
            }

            error = $"{dialect}: missing required field '{field}' (event time)";
            return default;
        }

        if (!Timestamps.TryParse(v.Value, out var t))
        {
            error = $"{dialect}: unparseable {field} {Describe(v.Value)}: expected ISO 8601, unix seconds or epoch millis";
            return default;
        }

        return t;
    }

    public static string? NormalizeEmail(string? email) =>
        string.IsNullOrWhiteSpace(email) || !email.Contains('@', StringComparison.Ordinal) ? null : email.Trim().ToLowerInvariant();

    private static string Describe(JsonElement v)
    {
        var text = v.GetRawText();
        return text.Length > 60 ? text[..60] + "..." : text;
    }
}
