using Customer360.Core.Events;
using Customer360.Core.Profiles;

namespace Customer360.Core.Storage;

/// <summary>Which collections of a profile a batch touched, so the store only recounts those.</summary>
[Flags]
public enum Touched
{
    None = 0,
    Profile = 1,
    Purchases = 2,
    WorkOrders = 4,
    Knowledge = 8,
    All = Profile | Purchases | WorkOrders | Knowledge,
}

/// <summary>
/// The primitive reads and writes of one write transaction. Each store implements it; BatchApplier holds
/// the ingestion logic (dedup, identity, projection, merges) once for all stores.
/// </summary>
public interface IProjectionSession
{
    long AddDeadLetter(RawMessage raw, string reason);

    void DeleteDeadLetter(long id);

    /// <summary>Whether (tenant, EventId) is in the raw event log already (including this batch's appends).</summary>
    bool IsLogged(string tenantId, string eventId);

    /// <summary>Appends to the raw event log; false when (tenant, EventId) is already there.</summary>
    bool TryAppendEvent(CustomerEvent e, RawMessage raw, string customerId);

    /// <summary>The golden record an id was merged into, if any.</summary>
    string? ResolveAlias(string tenantId, string customerId);

    string? FindByIdentifier(string tenantId, string kind, string value);

    /// <summary>Registers an identifier for a customer unless someone holds it already; true when this call registered it.</summary>
    bool ClaimIdentifier(string tenantId, string kind, string value, string customerId);

    int CountIdentifiers(string tenantId, string customerId, string kind);

    CustomerProfile? LoadProfile(string tenantId, string customerId);

    /// <summary>Writes the profile, recounting the touched collections.</summary>
    void SaveProfile(CustomerProfile profile, Touched touched);

    void AddTimeline(string tenantId, string customerId, TimelineEntry entry, bool searchable);

    /// <summary>
    /// A logged event that no timeline shows (an undone merge, the undo itself): AddTimeline is never called for it.
    /// A store that serves the timeline from the raw log hides it; one with a timeline table has nothing to do.
    /// </summary>
    void OmitFromTimeline(string tenantId, string eventId);

    void WriteOutput(string tenantId, string customerId, ProjectionOutput output);

    /// <summary>The ids of the merge events that made `sourceId` an alias of `customerId`.</summary>
    IReadOnlyList<string> MergeEventIds(string tenantId, string customerId, string sourceId);

    /// <summary>Marks a merge event as undone; kept beside the raw log, so replays skip it too.</summary>
    void CancelMerge(string tenantId, string mergeEventId);

    bool IsMergeCancelled(string tenantId, string mergeEventId);

    void AddAlias(string tenantId, string aliasId, string customerId, string? reason, string eventId, DateTimeOffset at);

    /// <summary>An audit log entry, written in this transaction (so it exists exactly when the change it records does).</summary>
    void AddAudit(Audit.AuditEntry entry);

    /// <summary>Moves every child row, alias and identifier of `fromId` to `toId`, and deletes `fromId`'s profile rows.</summary>
    void MergeRows(string tenantId, string fromId, string toId);
}
