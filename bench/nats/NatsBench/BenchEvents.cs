using System.Globalization;
using System.Text.Json;

namespace Customer360.Bench.Nats;

public sealed record BenchEvent(string Subject, byte[] Body);

/// <summary>Seed 004 events over 1,000 customers, a mix of types like a real feed.</summary>
public static class BenchEvents
{
    private static readonly string[] Types = ["contact", "purchase", "support_ticket", "note", "contact"];

    public static BenchEvent Make(int i)
    {
        var customer = "bench_" + (i % 1000).ToString(CultureInfo.InvariantCulture);
        var type = Types[i % Types.Length];
        var body = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["event_id"] = $"bench-{i}",
            ["customer_id"] = customer,
            ["event_type"] = type,
            ["timestamp"] = 1734134400 + i,
            ["source_service"] = "bench",
            ["data"] = new Dictionary<string, object>
            {
                ["purchase_id"] = $"ord_{i}",
                ["product_name"] = $"Widget {i % 37}",
                ["total"] = (i % 500) + 0.5m,
                ["title"] = $"Event {i}",
                ["content"] = $"Customer note number {i}",
                ["email"] = customer + "@example.com",
            },
        });
        return new BenchEvent($"{customer}.{type}", body);
    }
}
