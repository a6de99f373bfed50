using Customer360.Core.Storage.Audit;
using Microsoft.Data.Sqlite;
using static Customer360.Core.Storage.Sqlite.SqliteValues;

namespace Customer360.Core.Storage.Sqlite;

/// <summary>The append-only audit log (SQLite schema version 3).</summary>
public sealed partial class SqliteProfileStore
{
    private const string InsertAudit = "INSERT INTO audit_log (at, actor, tenant, action, target, detail) VALUES ($at, $actor, $tenant, $action, $target, $detail)";

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
        [("$at", Time(e.At)), ("$actor", e.Actor), ("$tenant", e.Tenant), ("$action", e.Action), ("$target", e.Target), ("$detail", e.Detail)];

    private static void AppendAudit(SqliteConnection c, SqliteTransaction tx, AuditEntry entry)
    {
        using var cmd = Command(c, InsertAudit, AuditArgs(entry));
        cmd.Transaction = tx;
        cmd.ExecuteNonQuery();
    }
}
