namespace Customer360.Cli.Publishing;

/// <summary>Sends events the way a producer would: over HTTP, or to a broker (one implementation per broker).</summary>
public interface IEventPublisher : IAsyncDisposable
{
    /// <summary>Publishes every message and returns once the transport confirmed them (HTTP 2xx, broker ack).</summary>
    Task PublishAsync(IReadOnlyList<PublishMessage> messages, CancellationToken cancellationToken);
}
