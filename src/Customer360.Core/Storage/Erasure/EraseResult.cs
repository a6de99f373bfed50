using Customer360.Core.Storage.Audit;

namespace Customer360.Core.Storage.Erasure;

/// <summary>
/// What an erase removed. ErasureId names the tombstone left in the raw log (customer id `erased-{ErasureId}`)
/// and the audit entry; it is random, so it does not lead back to the customer. FilesScrubbed: SQLite says
/// whether the WAL was checkpointed and truncated (false: readers kept it busy, the next checkpoint finishes
/// the job); PostgreSQL cannot say (null): old row versions stay in its files until VACUUM reuses them.
/// </summary>
public sealed record EraseResult(
    string ErasureId, string CustomerId, IReadOnlyList<string> ErasedIds, long EventsRedacted, long DeadLettersDeleted, long RowsDeleted,
    bool? FilesScrubbed = null)
{
    /// <summary>The audit entry: counts and the tombstone id only, so the log keeps no trace of who it was.</summary>
    public AuditEntry ToAudit(string actor, string tenantId) => AuditEntry.Create(actor, tenantId, AuditActions.Erase, Tombstone.CustomerId(ErasureId),
        new { mergedIds = ErasedIds.Count - 1, eventsRedacted = EventsRedacted, deadLettersDeleted = DeadLettersDeleted, rowsDeleted = RowsDeleted });
}
