using System.Globalization;
using Customer360.IntegrationTests.Infrastructure;

namespace Customer360.IntegrationTests.Kafka;

/// <summary>Numbered seed 001 events with distinct bytes, and the sums the tests compare the store with.</summary>
public static class KafkaEvents
{
    private static readonly DateTime Start = new(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    public static IEnumerable<(string Key, string Json)> Recharges(string prefix, int from, int count, int customers) =>
        Enumerable.Range(from, count).Select(i =>
        {
            var customer = $"{prefix}-{i % customers}";
            var time = Start.AddSeconds(i).ToString("yyyy-MM-ddTHH:mm:ss'Z'", CultureInfo.InvariantCulture);
            return (customer, $$$"""{"source":"billing","customer_id":"{{{customer}}}","event_type":"recharge","timestamp":"{{{time}}}","value":{{{Value(i)}}},"metadata":{"seq":{{{i}}}}}""");
        });

    public static int Value(int i) => (i % 7) + 1;

    public static int Sum(int from, int count) => Enumerable.Range(from, count).Sum(Value);

    /// <summary>Sum of usage.rechargeTotal and rechargeCount over the prefix's customers held by one service.</summary>
    public static async Task<(double Total, int Count)> StoredAsync(ServiceProcess service, string prefix, int customers)
    {
        double total = 0;
        var count = 0;
        for (var c = 0; c < customers; c++)
        {
            if (await service.GetJsonAsync($"/api/customers/{prefix}-{c}") is { } profile)
            {
                var usage = profile.GetProperty("usage");
                total += usage.GetProperty("rechargeTotal").GetDouble();
                count += usage.GetProperty("rechargeCount").GetInt32();
            }
        }

        return (total, count);
    }

    public static async Task<(int Partitions, long? Lag)> HealthAsync(ServiceProcess service)
    {
        var source = (await service.GetJsonAsync("/health"))!.Value.GetProperty("sources").EnumerateArray().First(s => s.GetProperty("name").GetString() == "kafka");
        var detail = source.GetProperty("detail").GetString() ?? "";
        var colon = detail.LastIndexOf(':');
        var partitions = colon > 0 && int.TryParse(detail[(colon + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries)[0], out var n) ? n : 0;
        var lag = source.GetProperty("lag").ValueKind == System.Text.Json.JsonValueKind.Number ? source.GetProperty("lag").GetInt64() : (long?)null;
        return (partitions, lag);
    }
}
