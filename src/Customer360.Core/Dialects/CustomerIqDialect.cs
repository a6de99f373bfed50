using System.Text.Json;
using Customer360.Core.Events;

namespace Customer360.Core.Dialects;

/// <summary>
/// Seed 004: CustomerIQ microservice events on NATS `customer.events.{customer_id}.{event_type}`:
/// `{customer_id | data.email, event_type, timestamp (unix s), source_service, data, metadata}`.
/// </summary>
public sealed class CustomerIqDialect : IEventDialect
{
    public string Name => DialectNames.CustomerIq;

    public bool Recognizes(JsonElement root) => root.Prop("event_type") is not null && root.Prop("source_service") is not null;

    public DialectResult Parse(JsonElement root, RawMessage message)
    {
        string? error = null;
        var type = Envelope.RequiredString(root, "event_type", Name, ref error, allowNumber: false);
        var service = Envelope.RequiredString(root, "source_service", Name, ref error);
        var customerId = Envelope.OptionalString(root, "customer_id", Name, ref error);
        var data = Envelope.OptionalObject(root, "data", Name, ref error);
        var metadata = Envelope.OptionalObject(root, "metadata", Name, ref error);
        var eventId = Envelope.OptionalString(root, "event_id", Name, ref error);
        var tenant = Envelope.OptionalString(root, "tenant_id", Name, ref error);
        var occurredAt = Envelope.Time(root, "timestamp", message, Name, ref error);
        if (error is not null)
        {
            return DialectResult.Reject(error);
        }

        var email = Envelope.NormalizeEmail(data.Str("email") ?? data.Str("customer_email"));
        if (customerId is null && email is null)
        {
            return DialectResult.Reject($"{Name}: needs customer_id, or data.email / data.customer_email to find the customer");
        }

        return DialectResult.Ok(new CustomerEvent
        {
            EventId = eventId ?? EventIds.FromContent(service!, root),
            TenantId = Envelope.Tenant(tenant, message),
            CustomerId = customerId,
            Email = email,
            Phone = data.Str("phone"),
            Type = type!,
            OccurredAt = occurredAt,
            Source = service!,
            Dialect = Name,
            Origin = message.Origin,
            Amount = data.Dec("total") ?? data.Dec("amount") ?? data.Dec("price") ?? data.Dec("cost"),
            Title = data.Str("title") ?? DefaultTitle(type!, data),
            Description = data.FirstStr("description", "issue_description", "message", "content", "note", "text"),
            Data = data,
            Metadata = metadata,
        });
    }

    private static string DefaultTitle(string type, JsonElement d) => type switch
    {
        "purchase" => $"Purchase: {d.Str("product_name") ?? d.Str("purchase_id") ?? "order"}",
        "support_ticket" => $"Support ticket {d.Str("ticket_id")}".TrimEnd(),
        "repair" or "work_order" => $"Work order {d.Str("work_order_id")}: {d.Str("order_type") ?? type}",
        "contact" => "Customer contact",
        "profile_update" => "Profile updated",
        "note" or "observation" => d.Str("category") is { } c ? $"Note ({c})" : "Note",
        _ => type.Replace('_', ' '),
    };
}
