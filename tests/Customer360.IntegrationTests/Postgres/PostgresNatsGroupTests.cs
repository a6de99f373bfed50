using System.Globalization;
using System.Text;
using Customer360.Ingestion.Nats.Client;
using Customer360.IntegrationTests.Infrastructure;
using Customer360.IntegrationTests.Kafka;
using Customer360.IntegrationTests.Nats;
using static Customer360.IntegrationTests.Nats.NatsServiceHelpers;

namespace Customer360.IntegrationTests.Postgres;

/// <summary>
/// Three instances sharing one PostgreSQL database and one NATS queue group. With JetStream they share one durable
/// pull consumer: a message fetched by an instance killed -9 before its +ACK is redelivered to another after AckWait,
/// so totals stay exact. Core NATS queue groups deliver at most once (a killed member's in-flight messages are gone),
/// so the core run has no kill: it shows the group splits the work with nothing doubled.
/// </summary>
[Collection(PostgresGroup.Name)]
public sealed class PostgresNatsGroupTests(PostgresCluster cluster)
{
    private const int Customers = 30;
    private const int Events = 6000;

    [Fact]
    public async Task Three_instances_sharing_one_durable_consumer_on_one_database_store_every_event_once_when_one_is_killed()
    {
        await using var server = await NatsServer.StartAsync();
        var services = await StartThreeAsync(server, jetStream: true, "pgjs");
        try
        {
            await PublishAsync(server, "pgjs");
            await Poll.UntilAsync(() => EventCountAsync(services[0]), n => n >= Events / 4, TimeSpan.FromSeconds(60), "a quarter of the events");
            services[2].KillHard();

            // The dead instance's fetched, unacked messages come back to the survivors after AckWait.
            var survivors = services.Take(2).ToList();
            await Poll.UntilAsync(() => EventCountAsync(survivors[0]), n => n >= Events, TimeSpan.FromSeconds(120), "every event stored");
            await AssertExactlyOnceAsync(survivors, "pgjs");
        }
        finally
        {
            await DisposeAllAsync(services);
        }
    }

    [Fact]
    public async Task Three_instances_in_one_core_queue_group_on_one_database_share_the_work_and_store_every_event_once()
    {
        await using var server = await NatsServer.StartAsync(jetStream: false);
        var services = await StartThreeAsync(server, jetStream: false, "pgcore");
        try
        {
            await PublishAsync(server, "pgcore");
            await Poll.UntilAsync(() => EventCountAsync(services[0]), n => n >= Events, TimeSpan.FromSeconds(120), "every event stored");
            await AssertExactlyOnceAsync(services, "pgcore");
            foreach (var service in services)
            {
                Assert.True(await BatchesAsync(service) > 0, "every member of the queue group got a share");
            }
        }
        finally
        {
            await DisposeAllAsync(services);
        }
    }

    private async Task<List<ServiceProcess>> StartThreeAsync(NatsServer server, bool jetStream, string group)
    {
        var env = Env(server, jetStream, queueGroup: group);
        env["Storage__Provider"] = "postgres";
        env["Storage__ConnectionString"] = await cluster.CreateDatabaseAsync();
        env["Nats__BatchSize"] = "100";
        env["Nats__AckWaitSeconds"] = "3"; // a killed instance's messages are redelivered after this
        var services = (await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => ServiceProcess.StartAsync(env)))).ToList();
        foreach (var s in services)
        {
            await WaitStartedAsync(s);
        }

        return services;
    }

    /// <summary>Seed 001 recharges without keys' order: one customer's events go to whichever member takes them.</summary>
    private static async Task PublishAsync(NatsServer server, string prefix)
    {
        await using var nc = new NatsConnection(new NatsConnectionOptions { Servers = [server.Url] });
        await nc.ConnectAsync(CancellationToken.None);
        foreach (var (customer, json) in KafkaEvents.Recharges(prefix, 0, Events, Customers))
        {
            await nc.PublishAsync($"customer.events.{customer}.recharge", Encoding.UTF8.GetBytes(json));
        }

        await nc.FlushAsync(CancellationToken.None);
    }

    private static async Task AssertExactlyOnceAsync(List<ServiceProcess> services, string prefix)
    {
        // The log's unique (tenant, event id) makes the count exact; the sums show no event was projected twice.
        foreach (var s in services)
        {
            Assert.Equal(Events, await EventCountAsync(s));
        }

        var stored = await KafkaEvents.StoredAsync(services[0], prefix, Customers);
        Assert.Equal(Events, stored.Count);
        Assert.Equal(KafkaEvents.Sum(0, Events), stored.Total);
    }

    private static async Task<long> BatchesAsync(ServiceProcess service)
    {
        var text = await service.Http.GetStringAsync("/metrics");
        var line = text.Split('\n').Single(l => l.StartsWith("c360_batches_total ", StringComparison.Ordinal));
        return long.Parse(line.Split(' ')[1], CultureInfo.InvariantCulture);
    }

    private static async Task DisposeAllAsync(List<ServiceProcess> services)
    {
        foreach (var s in services)
        {
            await s.DisposeAsync();
        }
    }
}
