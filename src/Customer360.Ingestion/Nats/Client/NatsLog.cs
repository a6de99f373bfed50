using Microsoft.Extensions.Logging;

namespace Customer360.Ingestion.Nats.Client;

/// <summary>The client's log lines, in the seed's `[NATS] ...` style.</summary>
internal static partial class NatsLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "[NATS] Connected successfully to {Server} (server {Version}, jetstream {JetStream})")]
    public static partial void Connected(ILogger logger, string server, string? version, bool jetStream);

    [LoggerMessage(Level = LogLevel.Warning, Message = "[NATS] Connection to {Server} lost: {Reason}")]
    public static partial void Disconnected(ILogger logger, string? server, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "[NATS] Reconnect attempt {Attempt} to {Server} failed: {Reason}")]
    public static partial void ReconnectFailed(ILogger logger, int attempt, string server, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "[NATS] Failed to connect to {Server}: {Reason}")]
    public static partial void ConnectFailed(ILogger logger, string server, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "[NATS] Server error: {Error}")]
    public static partial void ServerError(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "[NATS] {Server} stopped answering PINGs ({Missed} missed): reconnecting")]
    public static partial void Stale(ILogger logger, string? server, int missed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "[NATS] Slow consumer on {Subject}: {Dropped} message(s) dropped so far")]
    public static partial void SlowConsumer(ILogger logger, string subject, long dropped);
}
