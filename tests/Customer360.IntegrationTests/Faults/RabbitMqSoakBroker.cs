using System.Text;
using Customer360.Cli.Publishing;
using Customer360.IntegrationTests.Infrastructure;
using Customer360.IntegrationTests.RabbitMq;

namespace Customer360.IntegrationTests.Faults;

/// <summary>A throwaway RabbitMQ node; persistent messages with publisher confirms, a chunk sent again when its confirms did not all come.</summary>
public sealed class RabbitMqSoakBroker(RabbitMqNode node) : ISoakBroker
{
    private const string Exchange = "customer_events";
    private const int Chunk = 20;

    public string Name => "rabbitmq";

    public bool CanRestart => true;

    public IDictionary<string, string?> ServiceEnv => new Dictionary<string, string?>
    {
        ["RABBITMQ_ENABLED"] = "true",
        ["RABBITMQ_URL"] = node.AmqpUrl,
        ["RabbitMq__ReconnectDelayMs"] = "500",
    };

    public static async Task<RabbitMqSoakBroker> StartAsync() => new(await RabbitMqNode.StartAsync());

    public async Task RestartAsync()
    {
        await node.StopAsync();
        await node.StartAgainAsync();
    }

    public Task WaitServiceReadyAsync(ServiceProcess service) => RabbitMqTestService.WaitConnectedAsync(service);

    public async Task ProduceAsync(SoakEvents stream, CancellationToken cancellationToken)
    {
        for (var from = 0; from < stream.Count; from += Chunk)
        {
            var messages = Enumerable.Range(from, Math.Min(Chunk, stream.Count - from))
                .Select(i => new PublishMessage(Encoding.UTF8.GetBytes(stream.Json(i)), "any", "", "customer.soak"))
                .ToList();
            await Task.Delay(stream.DueIn(from), cancellationToken);
            while (true)
            {
                try
                {
                    await using var publisher = new RabbitMqPublisher(node.AmqpUrl, Exchange);
                    await publisher.PublishAsync(messages, cancellationToken);
                    stream.MarkAcked(messages.Count);
                    break;
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    // The node is restarting: the chunk again (what was confirmed is stored once, the rest now).
                    await Task.Delay(500, cancellationToken);
                }
            }
        }
    }

    public ValueTask DisposeAsync() => node.DisposeAsync();
}
