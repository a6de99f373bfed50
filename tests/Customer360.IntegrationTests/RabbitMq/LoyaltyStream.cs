using System.Globalization;
using System.Text;
using System.Text.Json;
using Xunit;

namespace Customer360.IntegrationTests.RabbitMq;

/// <summary>
/// A stream of distinct seed 003 `loyalty.points.earned` events over a few customers, with what the store
/// must show once every event landed exactly once: per-customer event counts and earned-points sums.
/// </summary>
internal sealed class LoyaltyStream(string tenant, int customers = 10)
{
    private readonly Dictionary<string, (long Events, long Points)> _expected = [];
    private int _next;

    public long Produced => _next;

    public List<(string RoutingKey, byte[] Body)> Next(int count)
    {
        var messages = new List<(string, byte[])>(count);
        for (var n = 0; n < count; n++, _next++)
        {
            var i = _next;
            var customer = $"cust_rmq_{i % customers}";
            var points = (i % 7) + 1;
            var at = new DateTime(2025, 11, 24, 0, 0, 0, DateTimeKind.Utc).AddSeconds(i).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
            var json = $$$"""{"event":"loyalty.points.earned","version":"1.0","timestamp":"{{{at}}}","organization_id":"{{{tenant}}}","data":{"customer_id":"{{{customer}}}","transaction_id":"txn_{{{i}}}","points_earned":{{{points}}},"points_balance":{{{i}}}}}""";
            messages.Add(("loyalty.points.earned", Encoding.UTF8.GetBytes(json)));
            var (events, sum) = _expected.GetValueOrDefault(customer);
            _expected[customer] = (events + 1, sum + points);
        }

        return messages;
    }

    /// <summary>Every customer's event count and lifetime earned points equal what was produced: nothing lost, nothing twice.</summary>
    public async Task AssertStoredExactlyOnceAsync(Infrastructure.ServiceProcess service)
    {
        var (events, deadLetters) = await RabbitMqTestService.StatsAsync(service);
        Assert.Equal(Produced, events);
        Assert.Equal(0, deadLetters);
        foreach (var (customer, (count, points)) in _expected)
        {
            JsonElement profile = await RabbitMqTestService.ProfileAsync(service, customer, tenant);
            Assert.Equal(count, profile.GetProperty("counts").GetProperty("events").GetInt64());
            Assert.Equal(points, profile.GetProperty("loyalty").GetProperty("lifetimeEarned").GetDecimal());
        }
    }
}
