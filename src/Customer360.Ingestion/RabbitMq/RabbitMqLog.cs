using Microsoft.Extensions.Logging;

namespace Customer360.Ingestion.RabbitMq;

/// <summary>Source-generated log messages of the RabbitMQ source; endpoints only, never the URL's credentials.</summary>
internal static partial class RabbitMqLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "RabbitMQ {Broker} consuming queue {Queue} bound to {Exchange} ({Bindings})")]
    public static partial void Consuming(this ILogger logger, string broker, string queue, string exchange, string bindings);

    [LoggerMessage(Level = LogLevel.Warning, Message = "RabbitMQ {Broker} unreachable or failed; retrying in {DelayMs} ms")]
    public static partial void ConnectFailed(this ILogger logger, Exception exception, string broker, int delayMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "RabbitMQ {Broker} connection lost ({Reason}); automatic recovery running")]
    public static partial void ConnectionLost(this ILogger logger, string broker, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "RabbitMQ {Broker} connection recovered")]
    public static partial void Recovered(this ILogger logger, string broker);

    [LoggerMessage(Level = LogLevel.Error, Message = "RabbitMQ batch of {Count} could not be stored; nacked with requeue")]
    public static partial void StoreFailed(this ILogger logger, Exception exception, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "RabbitMQ ack of {Count} failed; the broker redelivers them and dedup absorbs the repeat")]
    public static partial void AckFailed(this ILogger logger, Exception exception, int count);

    [LoggerMessage(Level = LogLevel.Debug, Message = "RabbitMQ skipped ack of {Count} deliveries from an earlier connection (redelivered)")]
    public static partial void StaleDeliveries(this ILogger logger, int count);
}
