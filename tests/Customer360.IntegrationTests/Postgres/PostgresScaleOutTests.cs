using System.Globalization;
using System.Text;
using Customer360.IntegrationTests.Infrastructure;

namespace Customer360.IntegrationTests.Postgres;

/// <summary>
/// Three real `c360 serve` processes on one PostgreSQL database, fed at once with interleaved batches that touch
/// the same customers; one is killed -9 with a batch in flight and its work is sent again to the others (what a
/// consumer group does after a rebalance). Totals must equal what was produced, with nothing counted twice.
/// </summary>
[Collection(PostgresGroup.Name)]
public sealed class PostgresScaleOutTests(PostgresCluster cluster)
{
    private const int Customers = 30;
    private const int PerCustomer = 40;

    [Fact]
    public async Task Three_instances_on_one_database_count_every_event_once_when_one_is_killed_mid_run()
    {
        var env = new Dictionary<string, string?>
        {
            ["Storage__Provider"] = "postgres",
            ["Storage__ConnectionString"] = await cluster.CreateDatabaseAsync(),
        };
        var services = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => ServiceProcess.StartAsync(env)));
        try
        {
            // Batches of 50 events spread over all customers, so every instance writes every customer concurrently.
            var events = Enumerable.Range(1, PerCustomer)
                .SelectMany(i => Enumerable.Range(0, Customers).Select(c => Recharge(c, i)))
                .ToList();
            var batches = events.Chunk(50).Select(b => "[" + string.Join(",", b) + "]").ToList();

            var leftovers = await Task.WhenAll(services.Select((service, k) => Task.Run(async () =>
            {
                var mine = batches.Where((_, b) => b % 3 == k).ToList();
                for (var i = 0; i < mine.Count; i++)
                {
                    if (k == 2 && i == mine.Count / 2)
                    {
                        var inFlight = service.Http.PostAsync("/api/events", Json(mine[i]));
                        service.KillHard();
                        await Record.ExceptionAsync(() => inFlight); // committed or not: unknown, as after a real crash
                        return mine.Skip(i - 1).ToList();             // the last acked batch again too: a redelivery
                    }

                    await PostAsync(service, mine[i]);
                }

                return [];
            })));

            // The survivors take over the dead instance's unacknowledged work, both at once.
            var takeOver = leftovers.SelectMany(l => l).ToList();
            Assert.NotEmpty(takeOver);
            await Task.WhenAll(Enumerable.Range(0, 2).Select(k => Task.Run(async () =>
            {
                foreach (var batch in takeOver.Where((_, b) => b % 2 == k))
                {
                    await PostAsync(services[k], batch);
                }
            })));

            var stats = (await services[1].GetJsonAsync("/api/stats"))!.Value;
            Assert.Equal(events.Count, stats.GetProperty("events").GetInt64());
            Assert.Equal(Customers, stats.GetProperty("customers").GetInt64());
            for (var c = 0; c < Customers; c++)
            {
                var profile = (await services[c % 2].GetJsonAsync($"/api/customers/m{c}"))!.Value;
                var usage = profile.GetProperty("usage");
                Assert.Equal(PerCustomer, usage.GetProperty("rechargeCount").GetInt64());
                Assert.Equal(Enumerable.Range(1, PerCustomer).Sum(i => Amount(c, i)), usage.GetProperty("rechargeTotal").GetDecimal());
                Assert.Equal(PerCustomer, profile.GetProperty("counts").GetProperty("events").GetInt64());
            }
        }
        finally
        {
            foreach (var s in services)
            {
                await s.DisposeAsync();
            }
        }
    }

    private static decimal Amount(int customer, int i) => customer + (i * 0.25m);

    private static string Recharge(int customer, int i) =>
        $$"""{"source":"billing","customer_id":"m{{customer}}","event_type":"recharge","timestamp":"2025-05-01T{{i / 60:00}}:{{i % 60:00}}:00Z","value":{{Amount(customer, i).ToString(CultureInfo.InvariantCulture)}}}""";

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static async Task PostAsync(ServiceProcess service, string batch)
    {
        using var response = await service.Http.PostAsync("/api/events", Json(batch));
        Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
    }
}
