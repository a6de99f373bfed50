namespace Customer360.Ingestion.Nats.JetStream;

/// <summary>The stream we keep (file storage, limits retention) and the durable pull consumer on it.</summary>
public sealed record JetStreamSettings
{
    public string Stream { get; init; } = "CUSTOMER_EVENTS";

    public IReadOnlyList<string> Subjects { get; init; } = ["customer.events.>"];

    public string Durable { get; init; } = "customer360";

    /// <summary>Deliveries before the server gives up on a message; at the last one we dead-letter it ourselves.</summary>
    public int MaxDeliver { get; init; } = 5;

    public TimeSpan AckWait { get; init; } = TimeSpan.FromSeconds(30);

    public int MaxAckPending { get; init; } = 20_000;
}
