using RabbitMQ.Client;

namespace Customer360.Cli.Publishing;

/// <summary>
/// Publishes to a RabbitMQ topic exchange as the seed 003 customer service does: routing key = event type
/// (`customer.created`, `loyalty.points.earned`), persistent JSON messages, publisher confirms. Returns only
/// when the broker confirmed every message; a nack or a lost connection throws.
/// </summary>
public sealed class RabbitMqPublisher(string amqpUrl, string exchange) : IEventPublisher
{
    /// <summary>Publishes in flight before waiting for their confirms: throughput without unbounded memory.</summary>
    private const int MaxOutstanding = 1000;

    private IConnection? _connection;

    public async Task PublishAsync(IReadOnlyList<PublishMessage> messages, CancellationToken cancellationToken)
    {
        _connection ??= await new ConnectionFactory { Uri = new Uri(amqpUrl), ClientProvidedName = "c360 publish" }
            .CreateConnectionAsync(cancellationToken);
        var confirms = new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true,
            outstandingPublisherConfirmationsRateLimiter: null);
        await using var channel = await _connection.CreateChannelAsync(confirms, cancellationToken);
        await channel.ExchangeDeclareAsync(exchange, ExchangeType.Topic, durable: true, autoDelete: false, cancellationToken: cancellationToken);

        var properties = new BasicProperties { Persistent = true, ContentType = "application/json" };
        var pending = new List<Task>(MaxOutstanding);
        foreach (var message in messages)
        {
            pending.Add(channel.BasicPublishAsync(exchange, message.EventType, mandatory: false, properties, message.Body, cancellationToken).AsTask());
            if (pending.Count == MaxOutstanding)
            {
                await Task.WhenAll(pending);
                pending.Clear();
            }
        }

        await Task.WhenAll(pending);
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.CloseAsync();
            await _connection.DisposeAsync();
        }
    }
}
