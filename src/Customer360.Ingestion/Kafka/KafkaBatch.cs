using Confluent.Kafka;
using Customer360.Core.Storage;

namespace Customer360.Ingestion.Kafka;

/// <summary>
/// Records read and parsed but not yet handed to the store, with each partition's first and last offset: after
/// the write we store last+1 per partition; if the write fails we seek back to the first so nothing is skipped.
/// </summary>
public sealed class KafkaBatch
{
    private readonly Dictionary<TopicPartition, (long First, long Last)> _offsets = [];

    public List<IngestItem> Items { get; private set; } = [];

    /// <summary>Records added, also after their events are let go.</summary>
    public int Count { get; private set; }

    public void Add(IngestItem item, TopicPartitionOffset at)
    {
        Items.Add(item);
        Count++;
        var offset = at.Offset.Value;
        _offsets[at.TopicPartition] = _offsets.TryGetValue(at.TopicPartition, out var seen) ? (seen.First, offset) : (offset, offset);
    }

    /// <summary>Lets the parsed events go once they are applied; the offsets stay, to be stored or sought back to.</summary>
    public void ReleaseItems() => Items = [];

    /// <summary>The offsets to store once the batch is committed: the next record to read per partition.</summary>
    public IEnumerable<TopicPartitionOffset> NextOffsets() =>
        _offsets.Select(p => new TopicPartitionOffset(p.Key, new Offset(p.Value.Last + 1)));

    /// <summary>Where to seek to read the batch again.</summary>
    public IEnumerable<TopicPartitionOffset> FirstOffsets() =>
        _offsets.Select(p => new TopicPartitionOffset(p.Key, new Offset(p.Value.First)));
}
