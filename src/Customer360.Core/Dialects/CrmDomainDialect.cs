using System.Text.Json;
using Customer360.Core.Events;

namespace Customer360.Core.Dialects;

/// <summary>
/// Seed 002: CRM domain events `{eventType, eventId, timestamp, aggregateId, tenantId, payload}` on the
/// `crm.customer360.*` topics. Avro records are decoded to this same shape by the Kafka source.
/// </summary>
public sealed class CrmDomainDialect : IEventDialect
{
    public string Name => DialectNames.CrmDomain;

    public bool Recognizes(JsonElement root) => root.Prop("eventType") is not null && root.Prop("payload") is not null;

    public DialectResult Parse(JsonElement root, RawMessage message)
    {
        string? error = null;
        var type = Envelope.RequiredString(root, "eventType", Name, ref error, allowNumber: false);
        var payload = Envelope.OptionalObject(root, "payload", Name, ref error);
        var eventId = Envelope.OptionalString(root, "eventId", Name, ref error);
        var aggregateId = Envelope.OptionalString(root, "aggregateId", Name, ref error);
        var tenant = Envelope.OptionalString(root, "tenantId", Name, ref error);
        var occurredAt = Envelope.Time(root, "timestamp", message, Name, ref error);
        if (error is not null)
        {
            return DialectResult.Reject(error);
        }

        var customerId = type switch
        {
            "CustomerMergedEvent" or "CustomerUnmergedEvent" => payload.Str("targetCustomerId") ?? aggregateId,
            "LeadCreatedEvent" => payload.FirstStr("customerId", "leadId") ?? aggregateId,
            _ => payload.Str("customerId") ?? aggregateId,
        };
        var email = Envelope.NormalizeEmail(payload.Str("email"));
        if (string.IsNullOrWhiteSpace(customerId) && email is null)
        {
            return DialectResult.Reject($"{Name}: no customer reference (payload.customerId or aggregateId)");
        }

        if (type is "CustomerMergedEvent" or "CustomerUnmergedEvent" && string.IsNullOrWhiteSpace(payload.Str("sourceCustomerId")))
        {
            return DialectResult.Reject($"{Name}: {type} needs payload.sourceCustomerId");
        }

        return DialectResult.Ok(new CustomerEvent
        {
            EventId = eventId ?? EventIds.FromContent("crm", root),
            TenantId = Envelope.Tenant(tenant, message),
            CustomerId = customerId,
            Email = email,
            Phone = payload.Str("phone"),
            Type = type!,
            OccurredAt = occurredAt,
            Source = root.Str("source") ?? "crm",
            Dialect = Name,
            Origin = message.Origin,
            Amount = payload.Dec("amount") ?? payload.Dec("value"),
            Title = Title(type!, payload),
            Description = payload.FirstStr("description", "notes"),
            Data = payload,
        });
    }

    private static string Title(string type, JsonElement p) => type switch
    {
        "CustomerProfileCreatedEvent" => $"Profile created: {p.Str("name") ?? p.Str("customerId")}",
        "CustomerProfileUpdatedEvent" => p.Prop("changedFields") is { ValueKind: JsonValueKind.Array } changed
            ? $"Profile updated: {string.Join(", ", changed.EnumerateArray().Select(f => f.ToString()))}"
            : "Profile updated",
        "CustomerMergedEvent" => $"Merged {p.Str("sourceCustomerId")} into {p.Str("targetCustomerId")}",
        "CustomerUnmergedEvent" => $"Unmerged {p.Str("sourceCustomerId")} from {p.Str("targetCustomerId")}",
        "ConsentUpdatedEvent" => $"Consent {p.Str("consentType")}: {p.Str("status")}",
        "LeadCreatedEvent" => $"Lead created{(p.Str("name") is { } n ? ": " + n : "")}",
        "ServiceOrderCreatedEvent" => $"Service order created: {p.FirstStr("serviceOrderId", "orderId", "id") ?? "order"}",
        "ContractActivatedEvent" => $"Contract activated: {p.FirstStr("contractId", "productName", "id") ?? "contract"}",
        _ => type,
    };
}
