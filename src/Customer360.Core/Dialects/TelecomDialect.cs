using System.Globalization;
using System.Text.Json;
using Customer360.Core.Events;

namespace Customer360.Core.Dialects;

/// <summary>
/// Seeds 000/001: flat `{source, customer_id, event_type, timestamp, value, metadata}` from IN, billing,
/// CRM and DWH systems, published to Kafka `customer-events`.
/// </summary>
public sealed class TelecomDialect : IEventDialect
{
    public string Name => DialectNames.Telecom;

    public bool Recognizes(JsonElement root) => root.Prop("event_type") is not null && root.Prop("source_service") is null;

    public DialectResult Parse(JsonElement root, RawMessage message)
    {
        string? error = null;
        var source = Envelope.RequiredString(root, "source", Name, ref error);
        var customerId = Envelope.RequiredString(root, "customer_id", Name, ref error);
        var type = Envelope.RequiredString(root, "event_type", Name, ref error, allowNumber: false);
        var occurredAt = Envelope.Time(root, "timestamp", message, Name, ref error);
        var value = Envelope.OptionalNumber(root, "value", Name, ref error);
        var metadata = Envelope.OptionalObject(root, "metadata", Name, ref error);
        var eventId = Envelope.OptionalString(root, "event_id", Name, ref error);
        var tenant = Envelope.OptionalString(root, "tenant_id", Name, ref error);
        if (error is not null)
        {
            return DialectResult.Reject(error);
        }

        return DialectResult.Ok(new CustomerEvent
        {
            EventId = eventId ?? EventIds.FromContent(source!, root),
            TenantId = Envelope.Tenant(tenant, message),
            CustomerId = customerId,
            Email = Envelope.NormalizeEmail(metadata.Str("email")),
            Phone = metadata.Str("phone") ?? metadata.Str("msisdn"),
            Type = type!,
            OccurredAt = occurredAt,
            Source = source!,
            Dialect = Name,
            Origin = message.Origin,
            Amount = value,
            Title = Title(type!, value, metadata),
            Description = metadata.FirstStr("description", "details", "message"),
            Data = metadata,
            Metadata = metadata,
        });
    }

    private static string Title(string type, decimal? value, JsonElement metadata)
    {
        var v = value?.ToString("0.##", CultureInfo.InvariantCulture);
        return type switch
        {
            "data_usage" => v is null ? "Data usage" : $"Data usage: {v} MB",
            "recharge" => v is null ? "Recharge" : $"Recharge: {v}",
            "app_login" => "App login",
            "call_outgoing" => v is null ? "Outgoing call" : $"Outgoing call: {v} min",
            "bundle_purchase" => $"Bundle purchase: {metadata.FirstStr("bundle_name", "bundle", "bundle_id") ?? v ?? "bundle"}",
            "kyc_update" => "Profile updated (KYC)",
            "qoe_issue" => $"Quality issue: {metadata.FirstStr("issue", "issue_type", "description") ?? "reported"}",
            "feature_usage" => $"Feature used: {metadata.FirstStr("feature", "feature_name") ?? "feature"}",
            _ => metadata.FirstStr("title") ?? type.Replace('_', ' '),
        };
    }
}
