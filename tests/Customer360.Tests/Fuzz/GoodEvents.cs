using System.Globalization;
using System.Text.Json.Nodes;

namespace Customer360.Tests.Fuzz;

/// <summary>One valid event the fuzz suite expects to be applied: whose it is and what it adds.</summary>
public sealed record GoodEvent(string Dialect, string CustomerId, string EventId, decimal Amount, JsonObject Json)
{
    /// <summary>Strings that must come back unchanged: profile name/email and timeline title/description (customeriq only).</summary>
    public IReadOnlyDictionary<string, string> Verbatim { get; init; } = new Dictionary<string, string>();
}

/// <summary>Valid events of each dialect, each with its own id; the amount lands in a sum the API shows.</summary>
public static class GoodEvents
{
    public static readonly string[] Dialects = ["telecom", "crm-domain", "customer-service", "customeriq"];

    /// <summary>Where each dialect's amount shows on the profile (crm-domain adds nothing: counted only).</summary>
    public static string? SumField(string dialect) => dialect switch
    {
        "telecom" => "usage.dataUsageMb",
        "customer-service" => "loyalty.lifetimeEarned",
        "customeriq" => "lifetimeValue",
        _ => null,
    };

    public static GoodEvent Create(string dialect, string customerId, string eventId, int n, string? hostile = null)
    {
        var amount = (n % 9) + 1 + ((n % 4) * 0.25m);
        var at = 1_734_000_000L + n;
        var iso = DateTimeOffset.FromUnixTimeSeconds(at).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var text = hostile ?? "plain text";
        var verbatim = new Dictionary<string, string>();
        JsonObject json;
        switch (dialect)
        {
            case "telecom":
                json = new JsonObject
                {
                    ["event_id"] = eventId, ["source"] = hostile ?? "in", ["customer_id"] = customerId, ["event_type"] = "data_usage",
                    ["timestamp"] = iso, ["value"] = amount, ["metadata"] = new JsonObject { ["description"] = text, ["cell"] = text },
                };
                break;
            case "crm-domain":
                json = new JsonObject
                {
                    ["eventType"] = "CustomerProfileUpdatedEvent", ["eventId"] = eventId, ["timestamp"] = iso, ["aggregateId"] = customerId,
                    ["source"] = hostile ?? "crm",
                    ["payload"] = new JsonObject { ["customerId"] = customerId, ["segment"] = text, ["notes"] = text },
                };
                amount = 0;
                break;
            case "customer-service":
                amount = decimal.Truncate(amount); // loyalty points are whole numbers
                json = new JsonObject
                {
                    ["event"] = "loyalty.points.earned", ["event_id"] = eventId, ["version"] = "1.0", ["timestamp"] = iso,
                    ["data"] = new JsonObject
                    {
                        ["customer_id"] = customerId, ["transaction_id"] = text, ["points_earned"] = amount, ["points_balance"] = n,
                        ["reason"] = text,
                    },
                };
                break;
            case "customeriq":
                json = new JsonObject
                {
                    ["event_id"] = eventId, ["customer_id"] = customerId, ["event_type"] = "purchase", ["timestamp"] = at,
                    ["source_service"] = hostile ?? "shop",
                    ["data"] = new JsonObject
                    {
                        ["purchase_id"] = eventId, ["product_name"] = text, ["total"] = amount, ["customer_name"] = "Name " + text,
                        ["email"] = hostile is null ? null : $"{hostile}.{customerId}@x.example", ["title"] = "Title " + text,
                        ["description"] = "Description " + text,
                    },
                };
                if (hostile is not null)
                {
                    verbatim["name"] = "Name " + text;
                    verbatim["title"] = "Title " + text;
                    verbatim["description"] = "Description " + text;
                }

                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(dialect), dialect, "no such dialect");
        }

        return new GoodEvent(dialect, customerId, eventId, amount, json) { Verbatim = verbatim };
    }
}
