using Microsoft.Extensions.Logging;

namespace Customer360.Ingestion.Nats;

/// <summary>The source's log lines, worded like the seed 004 service (`[NATS] ...`).</summary>
internal static partial class NatsSourceLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "[NATS] Starting NATS subscriber service...")]
    public static partial void Starting(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "[NATS] Connecting to NATS server(s): {Servers}")]
    public static partial void Connecting(ILogger logger, string servers);

    [LoggerMessage(Level = LogLevel.Warning, Message = "[NATS] Failed to connect: {Reason} (retrying in {DelayMs} ms)")]
    public static partial void ConnectFailed(ILogger logger, string reason, long delayMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "[NATS] Subscribing to: {Subject} (queue: {QueueGroup})")]
    public static partial void Subscribing(ILogger logger, string subject, string queueGroup);

    [LoggerMessage(Level = LogLevel.Information, Message = "[NATS] JetStream: stream {Stream} on {Subjects}, durable pull consumer {Durable} (dead letter after {MaxDeliver} failed deliveries, ack_wait {AckWaitSeconds} s)")]
    public static partial void JetStreamReady(ILogger logger, string stream, string subjects, string durable, int maxDeliver, int ackWaitSeconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "[NATS] JetStream setup failed: {Reason} (retrying)")]
    public static partial void JetStreamSetupFailed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "[NATS] Service started successfully ({Mode} mode)")]
    public static partial void Started(ILogger logger, string mode);

    [LoggerMessage(Level = LogLevel.Debug, Message = "[NATS] Received event on {Subject}")]
    public static partial void Received(ILogger logger, string subject);

    [LoggerMessage(Level = LogLevel.Warning, Message = "[NATS] Storing a batch of {Count} failed: {Reason}; nothing acked, retrying one by one")]
    public static partial void BatchFailed(ILogger logger, int count, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "[NATS] Storing a batch of {Count} failed: {Reason}; retrying in {DelayMs} ms")]
    public static partial void CoreBatchFailed(ILogger logger, int count, string reason, long delayMs);

    [LoggerMessage(Level = LogLevel.Error, Message = "[NATS] Message {StreamSequence} on {Subject} failed {Delivered} deliveries (max_deliver): sent to dead letters")]
    public static partial void DeadLettered(ILogger logger, ulong streamSequence, string subject, long delivered);

    [LoggerMessage(Level = LogLevel.Error, Message = "[NATS] Message {StreamSequence} reached max_deliver and could not be dead-lettered: {Reason}")]
    public static partial void DeadLetterFailed(ILogger logger, ulong streamSequence, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "[NATS] Fetch failed: {Reason}")]
    public static partial void FetchFailed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "[NATS] Stopped")]
    public static partial void Stopped(ILogger logger);
}
