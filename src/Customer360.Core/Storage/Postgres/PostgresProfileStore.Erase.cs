using System.Data;
using Customer360.Core.Storage.Erasure;
using Npgsql;
using NpgsqlTypes;
using static Customer360.Core.Storage.Postgres.PostgresValues;

namespace Customer360.Core.Storage.Postgres;

/// <summary>
/// Erase on PostgreSQL: one transaction that first takes the advisory locks a batch would take on the customer,
/// its aliases and identifiers (so concurrent batches on any of them wait, then see it gone), then redacts,
/// deletes and records the audit entry. A deadlock with a batch restarts it, as batches restart.
/// </summary>
public sealed partial class PostgresProfileStore
{
    public async Task<EraseResult?> EraseCustomerAsync(string tenantId, string customerId, string actor, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await EraseOnceAsync(tenantId, customerId, actor, cancellationToken);
            }
            catch (Exception ex) when (IsTransient(ex) && attempt < _options.MaxAttempts)
            {
                PostgresLog.Retrying(_logger, attempt, 1, ex.Message);
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(5, 20 * attempt)), cancellationToken);
            }
        }
    }

    private async Task<EraseResult?> EraseOnceAsync(string tenantId, string customerId, string actor, CancellationToken cancellationToken)
    {
        await using var c = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await c.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken);
        var golden = await ScalarAsync(c, tx, PostgresStatements.ResolveAlias, cancellationToken, Text(tenantId), Text(customerId)) as string ?? customerId;
        await ExecuteAsync(c, tx, PostgresStatements.Lock, cancellationToken, Texts([PostgresErasure.CustomerKey(tenantId, customerId), PostgresErasure.CustomerKey(tenantId, golden)]));
        await ExecuteAsync(c, tx, "CALL c360_lock_merge($1, $2)", cancellationToken, Text(tenantId), Text(golden));
        if (await ScalarAsync(c, tx, PostgresStatements.ResolveAlias, cancellationToken, Text(tenantId), Text(customerId)) as string is { } now && now != golden)
        {
            throw new PostgresConcurrentDuplicateException($"'{customerId}' was merged into another customer meanwhile"); // transient: start over
        }

        var ids = new List<string> { golden };
        var emails = new List<string?>();
        var phones = new List<string?>();
        await ReadAsync(c, tx, "SELECT alias_id FROM aliases WHERE tenant_id = $1 AND customer_id = $2 ORDER BY alias_id", r => ids.Add(r.GetString(0)), cancellationToken, Text(tenantId), Text(golden));
        var known = await ScalarAsync(c, tx, "SELECT EXISTS (SELECT 1 FROM customers WHERE tenant_id = $1 AND id = $2)", cancellationToken, Text(tenantId), Text(golden)) is true;
        if (!known && ids.Count == 1)
        {
            return null;
        }

        await ReadAsync(c, tx, PostgresErasure.Identifiers, r => (r.GetString(0) == Identifiers.Email ? emails : phones).Add(r.IsDBNull(1) ? null : r.GetString(1)),
            cancellationToken, Text(tenantId), Texts(ids));

        var erasureId = Tombstone.NewErasureId();
        var redacted = await ExecuteAsync(c, tx, PostgresErasure.RedactEvents, cancellationToken, Text(tenantId), Texts(ids), Bytes(Tombstone.Body), Text(Tombstone.CustomerId(erasureId)));
        long rows = 0;
        await using (var batch = new NpgsqlBatch(c, tx))
        {
            foreach (var sql in PostgresErasure.DeleteRows)
            {
                batch.BatchCommands.Add(PostgresWriteQueue.Command(sql, [Text(tenantId), Texts(ids)]));
            }

            await batch.ExecuteNonQueryAsync(cancellationToken);
            foreach (var command in batch.BatchCommands)
            {
                rows += command.RecordsAffected;
            }
        }

        var letters = await DeleteDeadLettersAsync(c, tx, tenantId, Tombstone.Needles(ids, emails, phones), cancellationToken);
        var result = new EraseResult(erasureId, golden, ids, redacted, letters, rows);
        await AppendAuditAsync(c, tx, result.ToAudit(actor, tenantId), cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return result;
    }

    /// <summary>Letters of this tenant, or of no known tenant, whose raw bytes mention the customer.</summary>
    private static async Task<long> DeleteDeadLettersAsync(NpgsqlConnection c, NpgsqlTransaction tx, string tenantId, IReadOnlyList<byte[]> needles, CancellationToken cancellationToken)
    {
        var doomed = new List<long>();
        await ReadAsync(c, tx, "SELECT id, raw FROM dead_letters WHERE tenant_hint = $1 OR tenant_hint IS NULL", r =>
        {
            if (Tombstone.Mentions(r.GetFieldValue<byte[]>(1), needles))
            {
                doomed.Add(r.GetInt64(0));
            }
        }, cancellationToken, Text(tenantId));
        return doomed.Count == 0 ? 0 : await ExecuteAsync(c, tx, "DELETE FROM dead_letters WHERE id = ANY($1)", cancellationToken,
            new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint, Value = doomed.ToArray() });
    }

    private static async Task<object?> ScalarAsync(NpgsqlConnection c, NpgsqlTransaction tx, string sql, CancellationToken cancellationToken, params NpgsqlParameter[] parameters)
    {
        await using var cmd = new NpgsqlCommand(sql, c, tx);
        cmd.Parameters.AddRange(parameters);
        return await cmd.ExecuteScalarAsync(cancellationToken);
    }

    private static async Task<int> ExecuteAsync(NpgsqlConnection c, NpgsqlTransaction tx, string sql, CancellationToken cancellationToken, params NpgsqlParameter[] parameters)
    {
        await using var cmd = new NpgsqlCommand(sql, c, tx);
        cmd.Parameters.AddRange(parameters);
        return await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task ReadAsync(NpgsqlConnection c, NpgsqlTransaction tx, string sql, Action<NpgsqlDataReader> read, CancellationToken cancellationToken, params NpgsqlParameter[] parameters)
    {
        await using var cmd = new NpgsqlCommand(sql, c, tx);
        cmd.Parameters.AddRange(parameters);
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await r.ReadAsync(cancellationToken))
        {
            read(r);
        }
    }
}
