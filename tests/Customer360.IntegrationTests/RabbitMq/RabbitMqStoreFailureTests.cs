using Customer360.Core.Ingestion;
using Customer360.Core.Storage;
using Customer360.Ingestion;
using Customer360.IntegrationTests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Customer360.IntegrationTests.RabbitMq;

/// <summary>A store that fails must not cost a message: the batch is nacked with requeue and stored when the store is back.</summary>
[Collection(RabbitMqCollectionDefinition.Name)]
public sealed class RabbitMqStoreFailureTests(RabbitMqFixture fixture)
{
    [Fact]
    public async Task BatchesTheStoreFailedToWriteAreRedeliveredAndStoredOnce()
    {
        var id = Guid.NewGuid().ToString("N")[..8];
        var (exchange, queue) = ($"events-{id}", $"c360-{id}");
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Path"] = Path.Combine(Directory.CreateTempSubdirectory("c360-it-").FullName, "customer360.db"),
            ["RabbitMq:Enabled"] = "true",
            ["RabbitMq:Url"] = fixture.Node.AmqpUrl,
            ["RabbitMq:Exchange"] = exchange,
            ["RabbitMq:Queue"] = queue,
            ["RabbitMq:BatchSize"] = "50",
            ["RabbitMq:ReconnectDelayMs"] = "100",
        });
        builder.Services.AddProfileStore(builder.Configuration);
        builder.Services.AddIngestion(builder.Configuration);
        builder.Services.AddSingleton(sp => new FailingIngestor(sp.GetRequiredService<EventIngestor>(), failures: 3));
        builder.Services.AddSingleton<IEventIngestor>(sp => sp.GetRequiredService<FailingIngestor>());
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            var source = host.Services.GetRequiredService<ISourceHealth>();
            await Poll.UntilAsync(() => Task.FromResult(source.GetHealth().State == SourceState.Connected), what: "the source to connect");
            var stream = new LoyaltyStream("org_outage");
            await RabbitProducers.PublishAsync(fixture.Node.AmqpUrl, exchange, stream.Next(300));

            var store = host.Services.GetRequiredService<IProfileStore>();
            var stats = await Poll.UntilAsync(() => store.GetStatsAsync(CancellationToken.None), s => s.Events >= stream.Produced,
                what: "every event stored after the outage");
            Assert.Equal(3, host.Services.GetRequiredService<FailingIngestor>().Failures);
            Assert.Equal((stream.Produced, 0L), (stats.Events, stats.DeadLetters));
            var depths = await Poll.UntilAsync(() => RabbitMqTestService.QueueDepthsAsync(fixture.Node), d => d[queue] == 0, what: "queue drained");
            Assert.Equal(0, depths[queue + ".dead-letters"]); // requeued, never bounced to the dead-letter exchange
        }
        finally
        {
            await host.StopAsync();
        }
    }
}
