using Customer360.IntegrationTests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace Customer360.IntegrationTests.RabbitMq;

/// <summary>At-least-once in, exactly-once effect: the service, the broker or both may go away mid-stream.</summary>
[Collection(RabbitMqCollectionDefinition.Name)]
public sealed class RabbitMqDeliveryTests(RabbitMqFixture fixture, ITestOutputHelper output)
{
    private RabbitMqNode Node => fixture.Node;

    [Fact]
    public async Task MessagesPublishedWhileTheServiceIsDownAreConsumedWhenItStarts()
    {
        var (exchange, queue) = Names();
        await using var service = await RabbitMqTestService.StartAsync(Node, exchange, queue); // declares the durable queue
        await service.StopAsync();

        var stream = new LoyaltyStream("org_down");
        await RabbitProducers.PublishAsync(Node.AmqpUrl, exchange, stream.Next(500));
        Assert.Equal(500, (await RabbitMqTestService.QueueDepthsAsync(Node))[queue]);

        await service.RestartAsync();
        await RabbitMqTestService.WaitForStatsAsync(service, stream.Produced, 0);
        await stream.AssertStoredExactlyOnceAsync(service);
    }

    [Fact]
    public async Task ABrokerRestartMidStreamLosesNothing()
    {
        var (exchange, queue) = Names();
        await using var service = await RabbitMqTestService.StartAsync(Node, exchange, queue,
            new Dictionary<string, string?> { ["RabbitMq__BatchSize"] = "100", ["RabbitMq__Prefetch"] = "200" });
        var stream = new LoyaltyStream("org_restart");
        await RabbitProducers.PublishAsync(Node.AmqpUrl, exchange, stream.Next(5000));
        var atStop = await RabbitMqTestService.WaitForStatsAsync(service, 1, 0);
        output.WriteLine($"broker stopped with {atStop.Events} of {stream.Produced} events stored");

        await Node.StopAsync();
        await Node.StartAgainAsync();
        await RabbitProducers.PublishAsync(Node.AmqpUrl, exchange, stream.Next(1000));

        await RabbitMqTestService.WaitForStatsAsync(service, stream.Produced, 0);
        await stream.AssertStoredExactlyOnceAsync(service);
        await Poll.UntilAsync(async () => (await service.GetJsonAsync("/health"))!.Value.GetProperty("status").GetString() == "healthy",
            what: "the source to report connected again");
    }

    [Fact]
    public async Task AServiceKilledMidStreamStoresEveryEventExactlyOnceAfterRestart()
    {
        var (exchange, queue) = Names();
        await using var service = await RabbitMqTestService.StartAsync(Node, exchange, queue,
            new Dictionary<string, string?> { ["RabbitMq__BatchSize"] = "100", ["RabbitMq__Prefetch"] = "500" });
        var stream = new LoyaltyStream("org_kill");
        await RabbitProducers.PublishAsync(Node.AmqpUrl, exchange, stream.Next(10_000));
        var beforeKill = await RabbitMqTestService.WaitForStatsAsync(service, 1, 0);
        service.KillHard(); // kill -9: unacked deliveries go back to the queue, committed-but-unacked ones come back too
        await service.RestartAsync();
        output.WriteLine($"killed with about {beforeKill.Events} of {stream.Produced} events stored");

        await RabbitMqTestService.WaitForStatsAsync(service, stream.Produced, 0);
        await stream.AssertStoredExactlyOnceAsync(service);
    }

    [Fact]
    public async Task AQueueDeletedUnderTheServiceIsDeclaredAgainAndConsumed()
    {
        var (exchange, queue) = Names();
        await using var service = await RabbitMqTestService.StartAsync(Node, exchange, queue);

        await Node.Ctl(TimeSpan.FromSeconds(60), "delete_queue", queue); // the broker cancels our consumer
        await Poll.UntilAsync(async () => (await RabbitMqTestService.QueueDepthsAsync(Node)).ContainsKey(queue),
            what: "the source to declare its queue again");
        await RabbitMqTestService.WaitConnectedAsync(service);

        var stream = new LoyaltyStream("org_redeclared");
        await RabbitProducers.PublishAsync(Node.AmqpUrl, exchange, stream.Next(100));
        await RabbitMqTestService.WaitForStatsAsync(service, stream.Produced, 0);
        await stream.AssertStoredExactlyOnceAsync(service);
    }

    private static (string Exchange, string Queue) Names()
    {
        var id = Guid.NewGuid().ToString("N")[..8];
        return ($"events-{id}", $"c360-{id}");
    }
}
