using Customer360.Ingestion.Nats.Client;

namespace Customer360.Ingestion.Nats.JetStream;

/// <summary>A message pulled from a durable consumer; acked by publishing to its reply subject.</summary>
public sealed class JetStreamMessage(INatsConnection connection, NatsMessage message, JetStreamAckMetadata metadata)
{
    public NatsMessage Message { get; } = message;

    public JetStreamAckMetadata Metadata { get; } = metadata;

    /// <summary>Done: never deliver again. Only after the store committed it.</summary>
    public ValueTask AckAsync(CancellationToken cancellationToken) =>
        connection.PublishAsync(Message.ReplyTo!, "+ACK"u8.ToArray(), cancellationToken: cancellationToken);

    /// <summary>Still working on it: restarts the ack wait without a redelivery (does not count towards max_deliver).</summary>
    public ValueTask InProgressAsync(CancellationToken cancellationToken) =>
        connection.PublishAsync(Message.ReplyTo!, "+WPI"u8.ToArray(), cancellationToken: cancellationToken);

    /// <summary>Not done: deliver again after the delay (counts towards max_deliver).</summary>
    public ValueTask NakAsync(TimeSpan delay, CancellationToken cancellationToken) =>
        connection.PublishAsync(Message.ReplyTo!, System.Text.Encoding.ASCII.GetBytes($"-NAK {{\"delay\":{(long)delay.TotalMilliseconds * 1_000_000}}}"), cancellationToken: cancellationToken);
}
