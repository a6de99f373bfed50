namespace Customer360.Ingestion.Nats.Client;

/// <summary>One message received on a subscription (MSG or HMSG).</summary>
public sealed record NatsMessage(string Subject, string? ReplyTo, ReadOnlyMemory<byte> Data, NatsHeaders? Headers)
{
    /// <summary>A status-only message (no responders, JetStream pull end) rather than application data.</summary>
    public bool IsStatus => Headers?.StatusCode is not null && Data.IsEmpty;
}
