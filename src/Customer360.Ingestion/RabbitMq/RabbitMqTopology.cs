using RabbitMQ.Client;

namespace Customer360.Ingestion.RabbitMq;

/// <summary>
/// Declares what the source consumes from; every declaration is idempotent, so each start (and each
/// automatic recovery) may run it again. The queue names a dead-letter exchange so nothing the broker
/// rejects is lost.
/// </summary>
internal static class RabbitMqTopology
{
    public static async Task DeclareAsync(IChannel channel, RabbitMqOptions options, CancellationToken cancellationToken)
    {
        await channel.ExchangeDeclareAsync(options.Exchange, ExchangeType.Topic, durable: true, autoDelete: false,
            cancellationToken: cancellationToken);
        await channel.ExchangeDeclareAsync(options.DeadLetterExchangeName, ExchangeType.Fanout, durable: true, autoDelete: false,
            cancellationToken: cancellationToken);
        await channel.QueueDeclareAsync(options.DeadLetterQueueName, durable: true, exclusive: false, autoDelete: false,
            cancellationToken: cancellationToken);
        await channel.QueueBindAsync(options.DeadLetterQueueName, options.DeadLetterExchangeName, "", cancellationToken: cancellationToken);

        var arguments = new Dictionary<string, object?> { ["x-dead-letter-exchange"] = options.DeadLetterExchangeName };
        await channel.QueueDeclareAsync(options.Queue, durable: true, exclusive: false, autoDelete: false, arguments,
            cancellationToken: cancellationToken);
        foreach (var pattern in options.Bindings)
        {
            await channel.QueueBindAsync(options.Queue, options.Exchange, pattern, cancellationToken: cancellationToken);
        }
    }
}
