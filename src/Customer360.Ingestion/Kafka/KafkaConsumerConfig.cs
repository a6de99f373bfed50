using Confluent.Kafka;

namespace Customer360.Ingestion.Kafka;

internal static class KafkaConsumerConfig
{
    public static ConsumerConfig Create(KafkaOptions options)
    {
        var config = Ours(options);
        options.ApplyClientTo(config);
        return config;
    }

    private static ConsumerConfig Ours(KafkaOptions options) => new()
    {
        BootstrapServers = options.BootstrapServers,
        GroupId = options.GroupId,
        ClientId = $"customer360-{Environment.MachineName}-{Environment.ProcessId}",
        // The delivery rule: we store an offset only after its batch is committed to the store; librdkafka's
        // auto-commit then sends the stored offsets (and on rebalance/close we commit explicitly).
        EnableAutoOffsetStore = false,
        EnableAutoCommit = true,
        AutoCommitIntervalMs = 1000,
        AutoOffsetReset = string.Equals(options.AutoOffsetReset, "latest", StringComparison.OrdinalIgnoreCase)
            ? AutoOffsetReset.Latest
            : AutoOffsetReset.Earliest,
        SessionTimeoutMs = options.SessionTimeoutMs,
        EnablePartitionEof = false,
        // We read the topic (dialect pinning, origin) and the broker time, never the headers: not copying them out of
        // librdkafka saves work on every message.
        ConsumeResultFields = "topic,timestamp",
        QueuedMaxMessagesKbytes = options.QueueMaxKbytes,
    };
}
