using Customer360.IntegrationTests.RabbitMq;
using Xunit;

namespace Customer360.IntegrationTests.Fuzz;

/// <summary>Hostile messages interleaved with valid ones on the RabbitMQ exchange: dead letters or applied, the queue keeps flowing.</summary>
[Collection(RabbitMqCollectionDefinition.Name)]
public sealed class RabbitMqFuzzTests(RabbitMqFixture fixture)
{
    [Fact]
    public async Task Hostile_messages_become_dead_letters_and_every_good_event_between_them_is_applied()
    {
        var id = Guid.NewGuid().ToString("N")[..8];
        var (exchange, queue) = ($"events-{id}", $"c360-{id}");
        await using var service = await RabbitMqTestService.StartAsync(fixture.Node, exchange, queue, BrokerFuzz.ServiceEnv());
        var (messages, ledger) = BrokerFuzz.Generate("rfz");
        await RabbitProducers.PublishAsync(fixture.Node.AmqpUrl, exchange, messages.Select(m => ("customer.fuzz", m.Body)));

        await BrokerFuzz.AssertAllEndedAsync(service, messages, ledger, "rabbitmq");
        var depths = await Infrastructure.Poll.UntilAsync(() => RabbitMqTestService.QueueDepthsAsync(fixture.Node), d => d[queue] == 0, what: "queue drained");
        Assert.Equal(0, depths[queue + ".dead-letters"]); // every bad message was ours to dead-letter, none bounced by the broker
    }
}
