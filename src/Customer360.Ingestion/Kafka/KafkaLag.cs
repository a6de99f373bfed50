using Confluent.Kafka;

namespace Customer360.Ingestion.Kafka;

/// <summary>
/// Consumer lag from librdkafka's cached high watermarks (no broker round trip), refreshed every few seconds
/// on the consume thread: sum over assigned partitions of high watermark minus position.
/// </summary>
internal sealed class KafkaLag
{
    private static readonly TimeSpan Every = TimeSpan.FromSeconds(2);
    private long _updatedAt;
    private long _value = -1;

    public long? Value => Interlocked.Read(ref _value) is var v && v >= 0 ? v : null;

    public void MaybeUpdate(IConsumer<Ignore, byte[]> consumer)
    {
        if (_updatedAt != 0 && System.Diagnostics.Stopwatch.GetElapsedTime(_updatedAt) < Every)
        {
            return;
        }

        _updatedAt = System.Diagnostics.Stopwatch.GetTimestamp();
        long lag = 0;
        var known = false;
        foreach (var tp in consumer.Assignment)
        {
            var high = consumer.GetWatermarkOffsets(tp).High;
            var position = consumer.Position(tp);
            if (high.Value >= 0 && position.Value >= 0)
            {
                lag += Math.Max(0, high.Value - position.Value);
                known = true;
            }
        }

        Interlocked.Exchange(ref _value, known ? lag : -1);
    }
}
