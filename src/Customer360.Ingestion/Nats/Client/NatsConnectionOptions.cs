using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Customer360.Ingestion.Nats.Client;

/// <summary>How to reach the servers and how hard to hold on to them.</summary>
public sealed record NatsConnectionOptions
{
    /// <summary>nats://[user:pass@]host:port URLs, tried in order, round robin on reconnect.</summary>
    public IReadOnlyList<string> Servers { get; init; } = ["nats://127.0.0.1:4222"];

    public string? User { get; init; }

    public string? Password { get; init; }

    public string? Token { get; init; }

    public string Name { get; init; } = "customer360";

    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>We PING this often; more than <see cref="MaxPingsOut"/> unanswered means the connection is dead.</summary>
    public TimeSpan PingInterval { get; init; } = TimeSpan.FromSeconds(30);

    public int MaxPingsOut { get; init; } = 2;

    /// <summary>First wait after a full pass over the servers failed; doubles up to <see cref="MaxReconnectWait"/>.</summary>
    public TimeSpan ReconnectWait { get; init; } = TimeSpan.FromMilliseconds(250);

    public TimeSpan MaxReconnectWait { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Messages buffered per subscription before new ones are dropped (and counted): slow consumers never grow memory.</summary>
    public int SubscriptionCapacity { get; init; } = 65_536;

    /// <summary>Outgoing bytes buffered before publishers wait.</summary>
    public long MaxPendingOutBytes { get; init; } = 8 * 1024 * 1024;

    public ILogger Logger { get; init; } = NullLogger.Instance;
}
