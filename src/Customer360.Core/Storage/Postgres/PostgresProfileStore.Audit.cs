using Customer360.Core.Storage.Audit;
using Npgsql;
using static Customer360.Core.Storage.Postgres.PostgresProfileReader;
using static Customer360.Core.Storage.Postgres.PostgresValues;

namespace Customer360.Core.Storage.Postgres;

/// <summary>The append-only audit log (schema version 2).</summary>
public sealed partial class PostgresProfileStore
{
    /// <summary>Also written by the projection session, for the merges a batch makes (see AuditParameters).</summary>
    internal const string InsertAudit = "INSERT INTO audit_log (at, actor, tenant, action, target, detail) VALUES ($1, $2, $3, $4, $5, $6)";

    public async Task AppendAuditAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        await using var c = await _dataSource.OpenConnectionAsync(cancellationToken);
        await AppendAuditAsync(c, null, entry, cancellationToken);
    }

    public async Task<IReadOnlyList<AuditEntry>> ListAuditAsync(string? tenantId, int limit, long? beforeId, CancellationToken cancellationToken)
    {
        await using var cmd = _dataSource.CreateCommand("""
            SELECT id, at, actor, tenant, action, target, detail::text FROM audit_log
            WHERE id < $1 AND ($2::text IS NULL OR tenant = $2) ORDER BY id DESC LIMIT $3
            """);
        cmd.Parameters.AddRange(new NpgsqlParameter[] { Int(beforeId ?? long.MaxValue), Text(tenantId), Int(Math.Clamp(limit, 1, 1000)) });
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        var list = new List<AuditEntry>();
        while (await r.ReadAsync(cancellationToken))
        {
            list.Add(new AuditEntry(r.GetInt64(0), Time(r, 1), r.GetString(2), r.GetString(3), r.GetString(4), TextOrNull(r, 5), r.GetString(6)));
        }

        return list;
    }

    private static async Task AppendAuditAsync(NpgsqlConnection c, NpgsqlTransaction? tx, AuditEntry e, CancellationToken cancellationToken)
    {
        await using var cmd = new NpgsqlCommand(InsertAudit, c, tx);
        cmd.Parameters.AddRange(AuditParameters(e));
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    internal static NpgsqlParameter[] AuditParameters(AuditEntry e) =>
        [Time(e.At), Text(e.Actor), Text(e.Tenant), Text(e.Action), Text(e.Target), Json(e.Detail)];
}
