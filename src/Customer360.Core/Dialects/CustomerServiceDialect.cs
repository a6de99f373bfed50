using System.Globalization;
using System.Text.Json;
using Customer360.Core.Events;

namespace Customer360.Core.Dialects;

/// <summary>
/// Seed 003: the customer service's RabbitMQ events `{event, version, timestamp, organization_id, data}`
/// on the `customer_events` topic exchange; organization_id is the tenant.
/// </summary>
public sealed class CustomerServiceDialect : IEventDialect
{
    public string Name => DialectNames.CustomerService;

    public bool Recognizes(JsonElement root) => root.Prop("event") is not null && root.Prop("data") is not null;

    public DialectResult Parse(JsonElement root, RawMessage message)
    {
        string? error = null;
        var type = Envelope.RequiredString(root, "event", Name, ref error, allowNumber: false);
        var data = Envelope.OptionalObject(root, "data", Name, ref error);
        var tenant = Envelope.OptionalString(root, "organization_id", Name, ref error);
        var eventId = Envelope.OptionalString(root, "event_id", Name, ref error) ?? Envelope.OptionalString(root, "id", Name, ref error);
        var occurredAt = Envelope.Time(root, "timestamp", message, Name, ref error);
        var customerId = Envelope.RequiredString(data, "customer_id", Name, ref error);
        if (error is not null)
        {
            return DialectResult.Reject(error.Replace("field 'customer_id'", "field 'data.customer_id'", StringComparison.Ordinal));
        }

        var changes = data.ObjOrEmpty("changes");
        return DialectResult.Ok(new CustomerEvent
        {
            EventId = eventId ?? EventIds.FromContent("customer-service", root),
            TenantId = Envelope.Tenant(tenant, message),
            CustomerId = customerId,
            Email = Envelope.NormalizeEmail(data.Str("email") ?? changes.Str("email")),
            Phone = data.Str("phone") ?? changes.Str("phone"),
            Type = type!,
            OccurredAt = occurredAt,
            Source = root.Str("source") ?? "customer-service",
            Dialect = Name,
            Origin = message.Origin,
            Amount = data.Dec("amount") ?? data.Dec("credit_limit") ?? data.Dec("attempted_amount")
                ?? data.Dec("points_earned") ?? data.Dec("points_redeemed"),
            Title = Title(type!, data),
            Description = data.FirstStr("description", "reason"),
            Data = data,
        });
    }

    private static string Title(string type, JsonElement d)
    {
        static string N(decimal? v) => v?.ToString("0.##", CultureInfo.InvariantCulture) ?? "?";
        return type switch
        {
            "customer.created" => $"Customer created ({d.Str("customer_type") ?? "customer"})",
            "customer.updated" => "Customer updated",
            "loyalty.points.earned" => $"Earned {N(d.Dec("points_earned"))} points (balance {N(d.Dec("points_balance"))})",
            "loyalty.points.redeemed" => $"Redeemed {N(d.Dec("points_redeemed"))} points (balance {N(d.Dec("points_balance"))})",
            "loyalty.tier.upgraded" => $"Tier upgraded: {d.Str("previous_tier")} -> {d.Str("new_tier")}",
            "credit.approved" => $"Credit approved: limit {N(d.Dec("credit_limit"))}",
            "credit.used" => $"Credit used: {N(d.Dec("amount"))} (available {N(d.Dec("credit_available"))})",
            "credit.limit.exceeded" => $"Credit limit exceeded: attempted {N(d.Dec("attempted_amount"))}, short {N(d.Dec("shortfall"))}",
            _ => type,
        };
    }
}
