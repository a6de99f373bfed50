using Customer360.Core.Storage.Audit;
using Microsoft.Data.Sqlite;
using static Customer360.Core.Storage.Sqlite.SqliteValues;

namespace Customer360.Core.Storage.Sqlite;

/// <summary>The append-only audit log (SQLite schema version 3).</summary>
public sealed partial class SqliteProfileStore
{
    /// <summary>Also prepared on the write connection, for the merges a batch makes (SqliteStatements.InsertAudit).</summary>
    internal const string InsertAudit = "INSERT INTO audit_log (at, actor, tenant, action, target, detail) VALUES ($1, $2, $3, $4, $5, $6)";

    public async Task AppendAuditAsync(AuditEntry entry, CancellationToken cancellationToken) =>
        await ExecuteWriteAsync(InsertAudit, cancellationToken, AuditArgs(entry));

    public Task<IReadOnlyList<AuditEntry>> ListAuditAsync(string? tenantId, int limit, long? beforeId, CancellationToken cancellationToken)
    {
        using var c = OpenReader();
        using var cmd = Command(c, """
            SELECT id, at, actor, tenant, action, target, detail FROM audit_log
            WHERE id < $before AND ($tenant IS NULL OR tenant = $tenant) ORDER BY id DESC LIMIT $limit
            """, ("$before", beforeId ?? long.MaxValue), ("$tenant", tenantId), ("$limit", Math.Clamp(limit, 1, 1000)));
        using var r = cmd.ExecuteReader();
        var list = new List<AuditEntry>();
        while (r.Read())
        {
            list.Add(new AuditEntry(r.GetInt64(0), ReadTime(r, 1), r.GetString(2), r.GetString(3), r.GetString(4), ReadText(r, 5), r.GetString(6)));
        }

        return Task.FromResult<IReadOnlyList<AuditEntry>>(list);
    }

    private static (string, object?)[] AuditArgs(AuditEntry e) =>
        [("$1", Time(e.At)), ("$2", e.Actor), ("$3", e.Tenant), ("$4", e.Action), ("$5", e.Target), ("$6", e.Detail)];

    private static void AppendAudit(SqliteConnection c, SqliteTransaction tx, AuditEntry entry)
    {
        using var cmd = Command(c, InsertAudit, AuditArgs(entry));
        cmd.Transaction = tx;
        cmd.ExecuteNonQuery();
    }
}
