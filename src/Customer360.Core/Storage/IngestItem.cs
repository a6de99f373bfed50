using Customer360.Core.Events;

namespace Customer360.Core.Storage;

/// <summary>One message of a write batch: parsed to an event, or rejected with a reason (becomes a dead letter).</summary>
public sealed record IngestItem(RawMessage Raw, CustomerEvent? Event, string? Rejection)
{
    /// <summary>When this item is the retry of a dead letter, the id to delete in the same transaction on success.</summary>
    public long? RetriesDeadLetterId { get; init; }
}
