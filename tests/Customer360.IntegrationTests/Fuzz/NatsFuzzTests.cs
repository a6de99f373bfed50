using Customer360.Ingestion.Nats.Client;
using Customer360.Ingestion.Nats.JetStream;
using Customer360.IntegrationTests.Infrastructure;
using Customer360.IntegrationTests.Nats;
using Xunit;

namespace Customer360.IntegrationTests.Fuzz;

/// <summary>Hostile messages interleaved with valid ones in the JetStream stream: dead letters or applied, the consumer never stalls.</summary>
public sealed class NatsFuzzTests
{
    [Fact]
    public async Task Hostile_messages_become_dead_letters_and_every_good_event_between_them_is_applied()
    {
        await using var server = await NatsServer.StartAsync();
        var (messages, ledger) = BrokerFuzz.Generate("nfz");
        await using (var nc = new NatsConnection(new NatsConnectionOptions { Servers = [server.Url] }))
        {
            await nc.ConnectAsync(CancellationToken.None);
            await new JetStreamContext(nc).CreateOrUpdateStreamAsync(new JetStreamSettings(), CancellationToken.None);
            foreach (var m in messages)
            {
                await nc.PublishAsync("customer.events.fuzz.message", m.Body);
            }

            await nc.FlushAsync(CancellationToken.None);
        }

        var env = NatsServiceHelpers.Env(server);
        foreach (var (k, v) in BrokerFuzz.ServiceEnv())
        {
            env[k] = v;
        }

        await using var service = await ServiceProcess.StartAsync(env);
        await BrokerFuzz.AssertAllEndedAsync(service, messages, ledger, "nats");
    }
}
