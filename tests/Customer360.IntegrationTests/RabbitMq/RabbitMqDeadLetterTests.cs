using System.Text;
using Customer360.IntegrationTests.Infrastructure;
using RabbitMQ.Client;
using Xunit;

namespace Customer360.IntegrationTests.RabbitMq;

/// <summary>Bad messages end as dead letters with a reason and never block the queue; broker rejects are kept too.</summary>
[Collection(RabbitMqCollectionDefinition.Name)]
public sealed class RabbitMqDeadLetterTests(RabbitMqFixture fixture)
{
    private RabbitMqNode Node => fixture.Node;

    [Fact]
    public async Task PoisonMessagesBecomeDeadLettersAndTheQueueKeepsFlowing()
    {
        var id = Guid.NewGuid().ToString("N")[..8];
        var (exchange, queue) = ($"events-{id}", $"c360-{id}");
        await using var service = await RabbitMqTestService.StartAsync(Node, exchange, queue);
        byte[][] poison =
        [
            Encoding.UTF8.GetBytes("this is not json"),
            [.. Encoding.UTF8.GetBytes("""{"event":"customer.created","timestamp":"2025-11-24T10:00:00Z","data":{"customer_id":"cust_"""), 0xC3, 0x28, .. "\"}}"u8],
            Encoding.UTF8.GetBytes("""{"event":42,"timestamp":true,"organization_id":"org_poison","data":{"customer_id":{"id":1}}}"""),
            [],
            Encoding.UTF8.GetBytes("[1,2,3]"),
        ];
        var stream = new LoyaltyStream("org_poison");
        var messages = new List<(string RoutingKey, byte[] Body)>();
        foreach (var bad in poison)
        {
            messages.AddRange(stream.Next(20));
            messages.Add(("customer.poison", bad));
        }

        messages.AddRange(stream.Next(20));
        await RabbitProducers.PublishAsync(Node.AmqpUrl, exchange, messages);
        await RabbitMqTestService.WaitForStatsAsync(service, stream.Produced, poison.Length);

        var letters = (await service.GetJsonAsync("/api/dead-letters"))!.Value.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(poison.Length, letters.Count);
        Assert.All(letters, l =>
        {
            Assert.Equal("rabbitmq", l.GetProperty("source").GetString());
            Assert.Equal($"rabbitmq:{exchange}/customer.poison", l.GetProperty("origin").GetString());
            Assert.False(string.IsNullOrWhiteSpace(l.GetProperty("reason").GetString()));
        });

        // the queue kept flowing: what follows the poison is consumed, and nothing waits or was bounced by the broker
        await RabbitProducers.PublishAsync(Node.AmqpUrl, exchange, stream.Next(50));
        await RabbitMqTestService.WaitForStatsAsync(service, stream.Produced, poison.Length);
        var depths = await Poll.UntilAsync(() => RabbitMqTestService.QueueDepthsAsync(Node), d => d[queue] == 0, what: "queue drained");
        Assert.Equal(0, depths[queue + ".dead-letters"]);
        Assert.Equal((stream.Produced, (long)poison.Length), await RabbitMqTestService.StatsAsync(service));
        await Poll.UntilAsync(async () => (await service.GetJsonAsync("/api/stats"))!.Value.GetProperty("sources")[0]
            .GetProperty("lag") is { ValueKind: System.Text.Json.JsonValueKind.Number } lag && lag.GetInt64() == 0, what: "the source to report lag 0");
    }

    [Fact]
    public async Task MessagesTheBrokerRejectsLandInTheDeadLetterQueue()
    {
        var id = Guid.NewGuid().ToString("N")[..8];
        var (exchange, queue) = ($"events-{id}", $"c360-{id}");
        await using var service = await RabbitMqTestService.StartAsync(Node, exchange, queue); // declares queue + dead-letter exchange
        await service.StopAsync();

        var factory = new ConnectionFactory { Uri = new Uri(Node.AmqpUrl) };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        var expiring = new BasicProperties { Persistent = true, Expiration = "1" }; // the broker drops it after 1 ms: dead-lettered
        await channel.BasicPublishAsync(exchange, "customer.created", mandatory: false, expiring, """{"event":"customer.created"}"""u8.ToArray());

        await Poll.UntilAsync(() => RabbitMqTestService.QueueDepthsAsync(Node), d => d.GetValueOrDefault(queue + ".dead-letters") == 1,
            what: "the expired message in the dead-letter queue");
    }
}
