using Confluent.Kafka;

namespace Customer360.Ingestion.Kafka;

/// <summary>A write that failed, and where to read again from: its batch's first offsets and those of every batch after it.</summary>
internal sealed record KafkaWriteFailure(Exception Error, int Records, IReadOnlyList<TopicPartitionOffset> ReadAgainFrom);

/// <summary>
/// The batches handed to the store and not yet settled, oldest first. A batch's offsets are stored only once its write
/// and every earlier one returned, so a crash re-reads from the oldest unfinished batch and never skips one. Kept apart
/// from the consumer so the ordering and the failure rules are tested without a broker.
/// </summary>
internal sealed class KafkaWrites
{
    private readonly Queue<(Task Write, KafkaBatch Batch)> _writing = new();

    public int Count => _writing.Count;

    public void Add(Task write, KafkaBatch batch) => _writing.Enqueue((write, batch));

    /// <summary>
    /// Stores the next offsets of the writes that have returned, oldest first (with `waitForOne`, after waiting for the
    /// oldest). A failed write waits for the others in flight and drops them without storing their offsets: all of them
    /// are read again (dedup absorbs what the later ones did write), and none is still writing when the seek lands.
    /// </summary>
    /// <remarks>The consumer loop calls this for every record: `storeOffset` is static and gets its `state`, so no closure is made.</remarks>
    public KafkaWriteFailure? Settle<TState>(bool waitForOne, Action<TState, TopicPartitionOffset> storeOffset, TState state)
    {
        while (_writing.TryPeek(out var writing) && (waitForOne || writing.Write.IsCompleted))
        {
            waitForOne = false;
            _writing.Dequeue();
            try
            {
                writing.Write.GetAwaiter().GetResult();
            }
            catch (Exception ex)
            {
                var later = _writing.ToList();
                _writing.Clear();
                foreach (var next in later)
                {
                    ((IAsyncResult)next.Write).AsyncWaitHandle.WaitOne();
                }

                return new KafkaWriteFailure(ex, writing.Batch.Count, later.Prepend(writing).SelectMany(w => w.Batch.FirstOffsets()).ToList());
            }

            foreach (var next in writing.Batch.NextOffsets())
            {
                storeOffset(state, next);
            }
        }

        return null;
    }

    /// <summary>Where to seek so that all the given records are read again: the earliest offset given per partition.</summary>
    public static IReadOnlyList<TopicPartitionOffset> EarliestPerPartition(IEnumerable<TopicPartitionOffset?> offsets) =>
        offsets.OfType<TopicPartitionOffset>()
            .GroupBy(o => o.TopicPartition)
            .Select(g => new TopicPartitionOffset(g.Key, new Offset(g.Min(o => o.Offset.Value))))
            .ToList();
}
