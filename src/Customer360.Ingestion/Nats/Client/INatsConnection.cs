namespace Customer360.Ingestion.Nats.Client;

/// <summary>
/// The NATS operations Customer360 uses. Our own small client implements it (<see cref="NatsConnection"/>);
/// it is the seam to swap in NATS.Net once that package is available.
/// </summary>
public interface INatsConnection : IAsyncDisposable
{
    NatsConnectionState State { get; }

    /// <summary>INFO of the server we are connected to (null before the first connect).</summary>
    NatsServerInfo? ServerInfo { get; }

    string? ConnectedUrl { get; }

    /// <summary>Connects to the first server that answers; later losses are repaired by reconnecting in the background.</summary>
    Task ConnectAsync(CancellationToken cancellationToken);

    /// <summary>Queues a message for sending; waits while reconnecting or while the outgoing buffer is full.</summary>
    ValueTask PublishAsync(string subject, ReadOnlyMemory<byte> data, NatsHeaders? headers = null, string? replyTo = null, CancellationToken cancellationToken = default);

    /// <summary>Round trip (PING/PONG): everything published before it has reached the server.</summary>
    Task FlushAsync(CancellationToken cancellationToken);

    /// <summary>Subscribes (with a queue group: the server delivers each message to one member); resubscribed after reconnects.</summary>
    Task<INatsSubscription> SubscribeAsync(string subject, string? queueGroup = null, CancellationToken cancellationToken = default);

    /// <summary>Request/reply over a shared inbox; throws <see cref="NatsException"/> on no responders, TimeoutException on silence.</summary>
    Task<NatsMessage> RequestAsync(string subject, ReadOnlyMemory<byte> data, TimeSpan timeout, NatsHeaders? headers = null, CancellationToken cancellationToken = default);

    /// <summary>A fresh unique inbox subject (for replies that come more than once, like JetStream pulls).</summary>
    string NewInbox();

    /// <summary>Unsubscribes everything, lets readers finish what was already delivered, then closes.</summary>
    Task DrainAsync(CancellationToken cancellationToken);
}
