namespace Customer360.Ingestion.Nats;

/// <summary>
/// Section `Nats` (seed env vars NATS_ENABLED, NATS_SERVERS, NATS_SUBJECTS, NATS_QUEUE_GROUP, NATS_JETSTREAM map
/// onto it). Lists are comma-separated strings so one environment variable can carry them.
/// </summary>
public sealed class NatsOptions
{
    public const string Section = "Nats";

    public bool Enabled { get; set; }

    public string Servers { get; set; } = "nats://127.0.0.1:4222";

    public string Subjects { get; set; } = "customer.events.>";

    public string QueueGroup { get; set; } = "customer360";

    /// <summary>Durable mode; unset means: on when the server announces JetStream in its INFO.</summary>
    public bool? JetStream { get; set; }

    public string Stream { get; set; } = "CUSTOMER_EVENTS";

    /// <summary>Durable consumer name; default: the queue group (so instances of one group share it).</summary>
    public string? Durable { get; set; }

    /// <summary>
    /// Deliveries a message may fail for a reason of its own before it is kept as a dead letter. Store outages do
    /// not count, and the server-side consumer has no limit (it never drops an unacked message).
    /// </summary>
    public int MaxDeliver { get; set; } = 5;

    public int AckWaitSeconds { get; set; } = 30;

    public int BatchSize { get; set; } = 500;

    public int FetchExpiresMs { get; set; } = 1000;

    public string? User { get; set; }

    public string? Password { get; set; }

    public string? Token { get; set; }

    /// <summary>Tenant for events that carry none.</summary>
    public string? Tenant { get; set; }

    /// <summary>Pin a dialect for every message (default: auto-detect).</summary>
    public string? Dialect { get; set; }

    public int PingIntervalSeconds { get; set; } = 20;

    public int ReconnectWaitMs { get; set; } = 250;

    public int MaxReconnectWaitMs { get; set; } = 5000;

    public int SubscriptionCapacity { get; set; } = 65_536;

    public IReadOnlyList<string> ServerList => Split(Servers);

    public IReadOnlyList<string> SubjectList => Split(Subjects);

    /// <summary>Durable names may not hold `.`, `*`, `>` or spaces.</summary>
    public string DurableName =>
        string.Concat((Durable ?? QueueGroup).Select(c => c is '.' or '*' or '>' or ' ' or '\t' ? '_' : c));

    private static string[] Split(string value) =>
        value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
