using Customer360.Ingestion.Nats.Client;

namespace Customer360.Cli.Publishing;

/// <summary>
/// Publishes like the seed 004 test publisher: core NATS to `customer.events.{customer_id}.{event_type}`
/// (a JetStream stream on those subjects keeps them). Returns after a PING/PONG round trip: the server has them.
/// </summary>
public sealed class NatsPublisher(string servers) : IEventPublisher
{
    private readonly NatsConnection _connection = new(new NatsConnectionOptions
    {
        Servers = servers.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
        Name = "c360-publish",
    });

    public static string SubjectFor(PublishMessage message) => $"customer.events.{Token(message.CustomerId)}.{Token(message.EventType)}";

    public async Task PublishAsync(IReadOnlyList<PublishMessage> messages, CancellationToken cancellationToken)
    {
        await _connection.ConnectAsync(cancellationToken);
        foreach (var message in messages)
        {
            var subject = SubjectFor(message);
            await _connection.PublishAsync(subject, message.Body, cancellationToken: cancellationToken);
            Console.WriteLine($"Published {message.EventType} for {message.CustomerId} to {subject}");
        }

        await _connection.FlushAsync(cancellationToken);
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();

    // subject tokens cannot hold wildcards or whitespace; dots in event types (loyalty.points.earned) stay as extra tokens
    private static string Token(string value) =>
        string.Concat(value.Select(c => c is '*' or '>' or ' ' or '\t' or '\r' or '\n' ? '_' : c)).Trim('.') is { Length: > 0 } t ? t : "unknown";
}
