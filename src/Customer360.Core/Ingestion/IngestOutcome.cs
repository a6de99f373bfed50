namespace Customer360.Core.Ingestion;

public enum IngestStatus
{
    Accepted,
    Duplicate,
    Rejected,
}

/// <summary>What happened to one message of a batch, in the batch's order.</summary>
public readonly record struct IngestOutcome(IngestStatus Status, string? EventId, string? CustomerId, string? Reason, long? DeadLetterId);
