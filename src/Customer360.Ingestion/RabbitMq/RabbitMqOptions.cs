namespace Customer360.Ingestion.RabbitMq;

/// <summary>
/// Configuration section `RabbitMq` (env: RABBITMQ_ENABLED, RABBITMQ_URL, RABBITMQ_EXCHANGE, RABBITMQ_QUEUE,
/// RABBITMQ_BINDINGS as a comma list). Defaults follow seed 003: topic exchange `customer_events`.
/// </summary>
public sealed class RabbitMqOptions
{
    public const string Section = "RabbitMq";

    public static readonly IReadOnlyList<string> DefaultBindings = ["customer.#", "loyalty.#", "credit.#"];

    public bool Enabled { get; set; }

    /// <summary>amqp://user:password@host:port/vhost; holds credentials, so it is never logged.</summary>
    public string Url { get; set; } = "amqp://guest:guest@localhost:5672/";

    public string Exchange { get; set; } = "customer_events";

    public string Queue { get; set; } = "customer360";

    /// <summary>Routing key patterns bound to the queue; from env/config also a comma-separated string.</summary>
    public string[] Bindings { get; set; } = [];

    /// <summary>Where the broker sends what it rejects (nack without requeue, TTL, overflow). Default `{Exchange}.dlx`.</summary>
    public string? DeadLetterExchange { get; set; }

    /// <summary>Queue bound to the dead-letter exchange. Default `{Queue}.dead-letters`.</summary>
    public string? DeadLetterQueue { get; set; }

    /// <summary>
    /// Unacked messages the broker may push ahead; at least BatchSize. Twice BatchSize lets the next batch fill
    /// while one is written (its messages are unacked until then).
    /// </summary>
    public ushort Prefetch { get; set; } = 10_000;

    /// <summary>The most messages in one store transaction: a batch holds what arrived while the one before was written.</summary>
    public int BatchSize { get; set; } = 5_000;

    /// <summary>Tenant for messages whose envelope names none (organization_id wins).</summary>
    public string? Tenant { get; set; }

    /// <summary>Pin a dialect (e.g. customer-service); null auto-detects per message.</summary>
    public string? Dialect { get; set; }

    /// <summary>Wait between connection attempts and automatic recovery attempts.</summary>
    public int ReconnectDelayMs { get; set; } = 1000;

    public string DeadLetterExchangeName => DeadLetterExchange is { Length: > 0 } x ? x : Exchange + ".dlx";

    public string DeadLetterQueueName => DeadLetterQueue is { Length: > 0 } q ? q : Queue + ".dead-letters";
}
