using Customer360.Core.Ingestion;
using Customer360.Core.Profiles;

namespace Customer360.Core.Storage;

/// <summary>
/// The one store contract (SQLite embedded, PostgreSQL scale-out). Writes go in batches, one transaction
/// each; reads are tenant-scoped. Every implementation passes the shared store contract test suite.
/// </summary>
public interface IProfileStore : IAsyncDisposable
{
    /// <summary>Creates or migrates the schema. Idempotent.</summary>
    Task InitializeAsync(CancellationToken cancellationToken);

    /// <summary>A cheap round trip for health checks; throws when the store cannot be read.</summary>
    Task PingAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Appends the accepted events to the raw log (dedup on tenant + EventId), projects them, records the
    /// rejections as dead letters, all in one transaction. Outcomes are in the batch's order.
    /// </summary>
    Task<IReadOnlyList<IngestOutcome>> WriteBatchAsync(IReadOnlyList<IngestItem> batch, CancellationToken cancellationToken);

    /// <summary>
    /// Opens one stretch of a bulk write (IBulkWrite): the same rules as WriteBatchAsync, over many batches committed
    /// together. Null from a store without long transactions: its caller writes batch by batch.
    /// </summary>
    Task<IBulkWrite?> BeginBulkWriteAsync(CancellationToken cancellationToken) => Task.FromResult<IBulkWrite?>(null);

    Task<CustomerProfileView?> GetProfileAsync(string tenantId, string customerId, CancellationToken cancellationToken);

    /// <summary>
    /// The golden record's id for a customer id or a merged-away alias, null when the tenant has no such profile:
    /// the existence check of the per-customer routes, without loading the profile.
    /// </summary>
    Task<string?> ResolveCustomerAsync(string tenantId, string customerId, CancellationToken cancellationToken);

    Task<TimelinePage> GetTimelineAsync(string tenantId, string customerId, TimelineQuery query, CancellationToken cancellationToken);

    Task<IReadOnlyList<Purchase>> GetPurchasesAsync(string tenantId, string customerId, CancellationToken cancellationToken);

    Task<IReadOnlyList<WorkOrder>> GetWorkOrdersAsync(string tenantId, string customerId, CancellationToken cancellationToken);

    Task<IReadOnlyList<KnowledgeEntry>> GetKnowledgeAsync(string tenantId, string customerId, CancellationToken cancellationToken);

    /// <summary>Full-text search over names, emails, phones, timeline text and notes; with no query, the most recently seen.</summary>
    Task<IReadOnlyList<SearchHit>> SearchAsync(string tenantId, string? query, int limit, CancellationToken cancellationToken);

    Task<IReadOnlyList<DeadLetter>> ListDeadLettersAsync(int limit, long? beforeId, CancellationToken cancellationToken);

    Task<DeadLetter?> GetDeadLetterAsync(long id, CancellationToken cancellationToken);

    Task<bool> DeleteDeadLetterAsync(long id, CancellationToken cancellationToken);

    /// <summary>Records a failed retry: the new reason, one more attempt.</summary>
    Task RecordDeadLetterRetryAsync(long id, string reason, CancellationToken cancellationToken);

    Task<StoreStats> GetStatsAsync(CancellationToken cancellationToken);

    /// <summary>Reads the raw event log in arrival order, from after `afterSeq`, at most `limit` rows.</summary>
    Task<IReadOnlyList<StoredEvent>> ReadEventLogAsync(long afterSeq, int limit, CancellationToken cancellationToken);

    /// <summary>Deletes every projected row (profiles, timeline, ..., search index); keeps the raw log and dead letters.</summary>
    Task ResetProjectionAsync(CancellationToken cancellationToken);

    /// <summary>Projects events already in the raw log (replay); same rules as WriteBatchAsync, no log append.</summary>
    Task ReprojectAsync(IReadOnlyList<IngestItem> items, CancellationToken cancellationToken);

    /// <summary>
    /// Erases a customer (an alias is resolved to its golden record; everything merged into it goes too): every
    /// projected row and index entry, the dead letters that mention it; its raw events are redacted to tombstones
    /// (see Erasure.Tombstone). Records an audit entry in the same transaction. Null when the customer is unknown.
    /// </summary>
    Task<Erasure.EraseResult?> EraseCustomerAsync(string tenantId, string customerId, string actor, CancellationToken cancellationToken);

    /// <summary>Appends to the audit log (append-only: the database refuses updates and deletes).</summary>
    Task AppendAuditAsync(Audit.AuditEntry entry, CancellationToken cancellationToken);

    /// <summary>The audit log newest first, before `beforeId`; one tenant's entries, or every entry when tenantId is null.</summary>
    Task<IReadOnlyList<Audit.AuditEntry>> ListAuditAsync(string? tenantId, int limit, long? beforeId, CancellationToken cancellationToken);

    /// <summary>
    /// Held by a projection rebuild (reset + reproject) until disposed: while held, WriteBatchAsync of every other
    /// writer of this store (other instances too) waits, so no live batch is projected into a half-rebuilt state.
    /// ReprojectAsync and ResetProjectionAsync of the holder are not blocked.
    /// </summary>
    Task<IAsyncDisposable> EnterRebuildAsync(CancellationToken cancellationToken);
}
