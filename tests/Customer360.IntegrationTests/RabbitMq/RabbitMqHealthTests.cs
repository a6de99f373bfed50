using Customer360.IntegrationTests.Infrastructure;
using Xunit;

namespace Customer360.IntegrationTests.RabbitMq;

/// <summary>/health follows the broker: degraded (still 200) while the RabbitMQ node is down, healthy once it is back.</summary>
[Collection(RabbitMqCollectionDefinition.Name)]
public sealed class RabbitMqHealthTests(RabbitMqFixture fixture)
{
    [Fact]
    public async Task Health_is_degraded_while_the_broker_is_stopped_and_healthy_again_after_it_restarts()
    {
        var id = Guid.NewGuid().ToString("N")[..8];
        await using var service = await RabbitMqTestService.StartAsync(fixture.Node, $"events-{id}", $"c360-{id}");
        Assert.Equal("healthy", await StatusAsync(service));

        await fixture.Node.StopAsync();
        try
        {
            var down = await Poll.UntilAsync(() => HealthAsync(service), h => h.GetProperty("status").GetString() == "degraded",
                TimeSpan.FromSeconds(60), "health to turn degraded with the broker down");
            Assert.Contains(down.GetProperty("reasons").EnumerateArray(), r => r.GetString()!.StartsWith("source rabbitmq is disconnected", StringComparison.Ordinal));
        }
        finally
        {
            await fixture.Node.StartAgainAsync();
        }

        await Poll.UntilAsync(async () => await StatusAsync(service) == "healthy", TimeSpan.FromSeconds(90), "health to turn healthy after the broker restarted");
    }

    private static async Task<System.Text.Json.JsonElement> HealthAsync(ServiceProcess service) => (await service.GetJsonAsync("/health"))!.Value;

    private static async Task<string?> StatusAsync(ServiceProcess service) => (await HealthAsync(service)).GetProperty("status").GetString();
}
