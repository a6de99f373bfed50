using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace Customer360.Ingestion.Kafka;

internal static partial class KafkaSourceLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Kafka {Broker}: group {GroupId} subscribed to {Topics}")]
    public static partial void Subscribed(ILogger logger, string broker, string groupId, IReadOnlyList<string> topics);

    [LoggerMessage(Level = LogLevel.Information, Message = "Kafka: partitions assigned {Partitions}")]
    public static partial void Assigned(ILogger logger, IEnumerable<TopicPartition> partitions);

    [LoggerMessage(Level = LogLevel.Information, Message = "Kafka: partitions revoked {Partitions}; in-flight batch written and committed first")]
    public static partial void Revoked(ILogger logger, IEnumerable<TopicPartitionOffset> partitions);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Kafka: partitions lost {Partitions}; their records will be read again by the new owner")]
    public static partial void Lost(ILogger logger, IEnumerable<TopicPartitionOffset> partitions);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Kafka client error {Code}: {Reason}")]
    public static partial void ClientError(ILogger logger, string code, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Kafka: writing a batch of {Count} failed; offsets not stored, reading it again")]
    public static partial void WriteFailed(ILogger logger, Exception exception, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Kafka: consume failed")]
    public static partial void ConsumeFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Kafka: could not store or commit offsets ({Reason})")]
    public static partial void OffsetsNotStored(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Kafka: rejected {Origin}: {Reason}")]
    public static partial void Rejected(ILogger logger, string origin, string reason);
}
