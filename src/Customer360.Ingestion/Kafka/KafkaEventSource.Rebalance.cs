using Confluent.Kafka;
using Customer360.Core.Ingestion;

namespace Customer360.Ingestion.Kafka;

/// <summary>The consumer and its callbacks: errors set the health; a revoke writes and commits both batches before giving partitions up.</summary>
public sealed partial class KafkaEventSource
{
    private IConsumer<Ignore, byte[]> Build() => new ConsumerBuilder<Ignore, byte[]>(KafkaConsumerConfig.Create(_options))
        .SetErrorHandler((_, e) =>
        {
            KafkaSourceLog.ClientError(_logger, e.Code.ToString(), e.Reason);
            if (e.IsFatal || e.Code is ErrorCode.Local_AllBrokersDown or ErrorCode.Local_Transport)
            {
                _state = SourceState.Disconnected;
                _detail = e.Reason;
            }
        })
        .SetPartitionsAssignedHandler((_, parts) =>
        {
            _state = SourceState.Connected;
            _detail = $"group {_options.GroupId}: {parts.Count} partition(s)";
            KafkaSourceLog.Assigned(_logger, parts);
        })
        .SetPartitionsRevokedHandler((c, parts) =>
        {
            KafkaSourceLog.Revoked(_logger, parts);
            if (Drain(c))
            {
                Commit(c);
            }
        })
        .SetPartitionsLostHandler((c, parts) =>
        {
            KafkaSourceLog.Lost(_logger, parts);
            Drain(c); // idempotent write; storing offsets fails harmlessly
        })
        .Build();

    private void Commit(IConsumer<Ignore, byte[]> consumer)
    {
        try
        {
            consumer.Commit();
        }
        catch (KafkaException ex)
        {
            KafkaSourceLog.OffsetsNotStored(_logger, ex.Error.Reason); // e.g. nothing new to commit
        }
    }
}
