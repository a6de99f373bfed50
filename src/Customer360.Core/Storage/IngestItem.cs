using Customer360.Core.Events;

namespace Customer360.Core.Storage;

/// <summary>One message of a write batch: parsed to an event, or rejected with a reason (becomes a dead letter).</summary>
public sealed record IngestItem(RawMessage Raw, CustomerEvent? Event, string? Rejection)
{
    /// <summary>When this item is the retry of a dead letter, the id to delete in the same transaction on success.</summary>
    public long? RetriesDeadLetterId { get; init; }

    /// <summary>Each message parsed by the dialects, or rejected with the parser's reason.</summary>
    public static IngestItem[] ParseAll(Dialects.EventParser parser, IReadOnlyList<RawMessage> batch)
    {
        var items = new IngestItem[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            var result = parser.Parse(batch[i]);
            items[i] = new IngestItem(batch[i], result.Event, result.Rejection);
        }

        return items;
    }
}
