using Customer360.IntegrationTests.Infrastructure;
using Customer360.IntegrationTests.Kafka;

namespace Customer360.IntegrationTests.Postgres;

/// <summary>
/// Three instances in one Kafka consumer group, sharing one PostgreSQL database, consuming events produced without
/// keys (so one customer's events land on every partition, and every instance writes every customer). One is
/// killed -9 mid-stream; the survivors take over its partitions. Totals equal what was produced, exactly once.
/// </summary>
[Collection(KafkaTests.Name)]
public sealed class PostgresKafkaGroupTests(KafkaFixture kafka)
{
    private const string Prefix = "pgk";
    private const int Customers = 30;
    private const int Events = 6000;

    [Fact]
    public async Task Three_instances_in_one_group_on_one_database_store_every_event_once_when_one_is_killed()
    {
        // The Kafka fixture owns this test class's collection, so the PostgreSQL cluster is this test's own.
        var cluster = new PostgresCluster();
        await cluster.InitializeAsync();
        var services = new List<ServiceProcess>();
        try
        {
            var env = new Dictionary<string, string?>
            {
                ["Storage__Provider"] = "postgres",
                ["Storage__ConnectionString"] = await cluster.CreateDatabaseAsync(),
                ["Kafka__BatchSize"] = "100",
            };
            services.AddRange(await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => kafka.StartServiceAsync("pgscale", "pgscale-group", env))));
            await Poll.UntilAsync(async () => (await Task.WhenAll(services.Select(KafkaEvents.HealthAsync))).Select(h => h.Partitions).ToArray(),
                p => p.Sum() == 9 && p.All(n => n > 0), TimeSpan.FromSeconds(60), "the 9 partitions spread over the 3 instances");

            kafka.ProduceMany("pgscale", KafkaEvents.Recharges(Prefix, 0, Events, Customers).Select(m => ((string)null!, m.Json)));
            await Poll.UntilAsync(() => KafkaFixture.EventCountAsync(services[0]), n => n >= Events / 4, TimeSpan.FromSeconds(60), "a quarter of the events");
            services[2].KillHard();

            var survivors = services.Take(2).ToList();
            await Poll.UntilAsync(async () => (await Task.WhenAll(survivors.Select(KafkaEvents.HealthAsync))).Sum(h => h.Partitions),
                n => n == 9, TimeSpan.FromSeconds(60), "the survivors owning all 9 partitions");
            // The log's unique (tenant, event id) makes the count exact: a redelivered event cannot raise it.
            await Poll.UntilAsync(() => KafkaFixture.EventCountAsync(survivors[0]), n => n >= Events, TimeSpan.FromSeconds(90), "every event consumed");

            Assert.Equal(Events, await KafkaFixture.EventCountAsync(survivors[1]));
            var stored = await KafkaEvents.StoredAsync(survivors[0], Prefix, Customers);
            Assert.Equal(Events, stored.Count);
            Assert.Equal(KafkaEvents.Sum(0, Events), stored.Total);
        }
        finally
        {
            foreach (var s in services)
            {
                await s.DisposeAsync();
            }

            await cluster.DisposeAsync();
        }
    }
}
