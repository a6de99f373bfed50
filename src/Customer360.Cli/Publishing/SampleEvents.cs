using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Customer360.Core.Dialects;
using Customer360.Core.Events;
using Customer360.Ingestion.Files;

namespace Customer360.Cli.Publishing;

/// <summary>One event ready to publish, with what brokers route on.</summary>
public sealed record PublishMessage(byte[] Body, string Dialect, string CustomerId, string EventType);

/// <summary>
/// The seed 004 test publisher, for every dialect: picks sample events by type/dialect, sets the customer
/// and stamps them with the current time (and a fresh id) in each dialect's own format, so every publish
/// is a new event, as with the seed's `node test-publisher.js`.
/// </summary>
public static class SampleEvents
{
    public static IReadOnlyList<PublishMessage> Select(string? eventType, string? dialect, string? customerId, DateTimeOffset now)
    {
        var parser = EventParser.CreateDefault();
        var result = new List<PublishMessage>();
        using var reader = new StreamReader(SampleLoader.OpenSamples());
        var i = 0;
        while (reader.ReadLine() is { } line)
        {
            var parsed = parser.Parse(RawMessage.FromString(line, "sample", "sample"));
            if (parsed.Event is not { } e || (eventType is not null && e.Type != eventType) || (dialect is not null && e.Dialect != dialect))
            {
                continue;
            }

            var node = JsonNode.Parse(line)!.AsObject();
            var at = now.AddMilliseconds(i++);
            Restamp(node, e.Dialect, at, customerId);
            result.Add(new PublishMessage(Encoding.UTF8.GetBytes(node.ToJsonString()), e.Dialect, customerId ?? e.CustomerId ?? "unknown", e.Type));
        }

        return result;
    }

    private static void Restamp(JsonObject node, string dialect, DateTimeOffset at, string? customerId)
    {
        switch (dialect)
        {
            case DialectNames.Telecom:
                // Python's datetime.now().isoformat() + 'Z', as the seed's producer sends it
                node["timestamp"] = at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff", CultureInfo.InvariantCulture) + "Z";
                SetIf(node, "customer_id", customerId);
                break;
            case DialectNames.CrmDomain:
                node["timestamp"] = at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
                node["eventId"] = "evt-" + Guid.NewGuid().ToString("N")[..12];
                if (customerId is not null)
                {
                    node["aggregateId"] = customerId;
                    if (node["payload"] is JsonObject payload)
                    {
                        SetIf(payload, payload.ContainsKey("targetCustomerId") ? "targetCustomerId" : "customerId", customerId);
                    }
                }

                break;
            case DialectNames.CustomerService:
                node["timestamp"] = at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
                if (node["data"] is JsonObject data)
                {
                    SetIf(data, "customer_id", customerId);
                }

                break;
            case DialectNames.CustomerIq:
                node["timestamp"] = at.ToUnixTimeSeconds();
                node["event_id"] = "evt-" + Guid.NewGuid().ToString("N")[..12];
                SetIf(node, "customer_id", customerId);
                break;
        }
    }

    private static void SetIf(JsonObject node, string key, string? value)
    {
        if (value is not null)
        {
            node[key] = value;
        }
    }
}
