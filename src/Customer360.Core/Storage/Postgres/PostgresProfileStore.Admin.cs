using Npgsql;
using static Customer360.Core.Storage.Postgres.PostgresProfileReader;
using static Customer360.Core.Storage.Postgres.PostgresValues;

namespace Customer360.Core.Storage.Postgres;

/// <summary>Search, dead letters, stats and the raw event log.</summary>
public sealed partial class PostgresProfileStore
{
    private const string DeadLetterColumns = "id, received_at, source, origin, tenant_hint, dialect_hint, broker_time, reason, raw, retries, last_retry_at";

    public async Task<IReadOnlyList<SearchHit>> SearchAsync(string tenantId, string? query, int limit, CancellationToken cancellationToken)
    {
        limit = Math.Clamp(limit, 1, 200);
        await using var c = await _dataSource.OpenConnectionAsync(cancellationToken);
        var tsquery = PrefixQuery(query);
        if (tsquery is null)
        {
            return await HitsAsync(c, """
                SELECT id, name, email, NULL FROM customers WHERE tenant_id = $1 ORDER BY last_seen_at DESC NULLS LAST, id COLLATE "C" LIMIT $2
                """, [Text(tenantId), Int(limit)], cancellationToken);
        }

        var hits = await HitsAsync(c, """
            SELECT cu.id, cu.name, cu.email,
                   ts_headline('simple', concat_ws(' ', cu.name, cu.email, cu.phone, cu.company), q, 'StartSel=[, StopSel=], MaxWords=8, MinWords=3')
            FROM customers cu, to_tsquery('simple', $2) q
            WHERE cu.search @@ q AND cu.tenant_id = $1
            ORDER BY ts_rank(cu.search, q) DESC, cu.id COLLATE "C" LIMIT $3
            """, [Text(tenantId), Text(tsquery), Int(limit)], cancellationToken);
        if (hits.Count < limit)
        {
            var seen = hits.Select(h => h.Id).ToHashSet(StringComparer.Ordinal);
            var notes = await HitsAsync(c, """
                SELECT t.customer_id, cu.name, cu.email,
                       ts_headline('simple', concat_ws(' ', t.title, t.description), q, 'StartSel=[, StopSel=], MaxWords=10, MinWords=4')
                FROM timeline t
                CROSS JOIN to_tsquery('simple', $2) q
                JOIN customers cu ON cu.tenant_id = t.tenant_id AND cu.id = t.customer_id
                WHERE t.search @@ q AND t.tenant_id = $1
                ORDER BY ts_rank(t.search, q) DESC, t.row_id DESC LIMIT $3
                """, [Text(tenantId), Text(tsquery), Int(limit * 4)], cancellationToken);
            hits.AddRange(notes.Where(n => seen.Add(n.Id)).Take(limit - hits.Count));
        }

        return hits;
    }

    private static async Task<List<SearchHit>> HitsAsync(NpgsqlConnection c, string sql, NpgsqlParameter[] parameters, CancellationToken cancellationToken)
    {
        await using var cmd = Command(c, sql, parameters);
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        var hits = new List<SearchHit>();
        while (await r.ReadAsync(cancellationToken))
        {
            hits.Add(new SearchHit(r.GetString(0), TextOrNull(r, 1), TextOrNull(r, 2), TextOrNull(r, 3)?.Replace('\n', ' ')));
        }

        return hits;
    }

    public async Task<IReadOnlyList<DeadLetter>> ListDeadLettersAsync(int limit, long? beforeId, CancellationToken cancellationToken)
    {
        await using var cmd = _dataSource.CreateCommand($"SELECT {DeadLetterColumns} FROM dead_letters WHERE id < $1 ORDER BY id DESC LIMIT $2");
        cmd.Parameters.AddRange(new NpgsqlParameter[] { Int(beforeId ?? long.MaxValue), Int(Math.Clamp(limit, 1, 1000)) });
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        var list = new List<DeadLetter>();
        while (await r.ReadAsync(cancellationToken))
        {
            list.Add(ReadDeadLetter(r));
        }

        return list;
    }

    public async Task<DeadLetter?> GetDeadLetterAsync(long id, CancellationToken cancellationToken)
    {
        await using var cmd = _dataSource.CreateCommand($"SELECT {DeadLetterColumns} FROM dead_letters WHERE id = $1");
        cmd.Parameters.Add(Int(id));
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        return await r.ReadAsync(cancellationToken) ? ReadDeadLetter(r) : null;
    }

    public async Task<bool> DeleteDeadLetterAsync(long id, CancellationToken cancellationToken)
    {
        await using var cmd = _dataSource.CreateCommand("DELETE FROM dead_letters WHERE id = $1");
        cmd.Parameters.Add(Int(id));
        return await cmd.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task RecordDeadLetterRetryAsync(long id, string reason, CancellationToken cancellationToken)
    {
        await using var cmd = _dataSource.CreateCommand("UPDATE dead_letters SET reason = $2, retries = retries + 1, last_retry_at = $3 WHERE id = $1");
        cmd.Parameters.AddRange(new NpgsqlParameter[] { Int(id), Text(reason), Time(DateTimeOffset.UtcNow) });
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<StoreStats> GetStatsAsync(CancellationToken cancellationToken)
    {
        await using var c = await _dataSource.OpenConnectionAsync(cancellationToken);
        async Task<long> ScalarAsync(string sql)
        {
            await using var cmd = Command(c, sql, []);
            return Convert.ToInt64(await cmd.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
        }

        async Task<Dictionary<string, long>> GroupAsync(string column)
        {
            await using var cmd = Command(c, $"SELECT {column}, count(*) FROM events GROUP BY {column} ORDER BY 2 DESC, {column} COLLATE \"C\"", []);
            await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
            var d = new Dictionary<string, long>(StringComparer.Ordinal);
            while (await r.ReadAsync(cancellationToken))
            {
                d[r.GetString(0)] = r.GetInt64(1);
            }

            return d;
        }

        return new StoreStats(
            await ScalarAsync("SELECT count(*) FROM customers"), await ScalarAsync("SELECT count(*) FROM events"), await ScalarAsync("SELECT count(*) FROM dead_letters"),
            await GroupAsync("source"), await GroupAsync("dialect"), await GroupAsync("type"));
    }

    public async Task<IReadOnlyList<StoredEvent>> ReadEventLogAsync(long afterSeq, int limit, CancellationToken cancellationToken)
    {
        await using var cmd = _dataSource.CreateCommand("""
            SELECT seq, event_id, tenant_id, dialect, source, origin, tenant_hint, broker_time, received_at, raw
            FROM events WHERE seq > $1 ORDER BY seq LIMIT $2
            """);
        cmd.Parameters.AddRange(new NpgsqlParameter[] { Int(afterSeq), Int(limit) });
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        var list = new List<StoredEvent>(Math.Min(limit, 10_000));
        while (await r.ReadAsync(cancellationToken))
        {
            list.Add(new StoredEvent(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5),
                TextOrNull(r, 6), TimeOrNull(r, 7), Time(r, 8), r.GetFieldValue<byte[]>(9)));
        }

        return list;
    }

    private static DeadLetter ReadDeadLetter(NpgsqlDataReader r) => new(
        r.GetInt64(0), Time(r, 1), r.GetString(2), r.GetString(3), TextOrNull(r, 4), TextOrNull(r, 5), TimeOrNull(r, 6),
        r.GetString(7), r.GetFieldValue<byte[]>(8), r.GetInt32(9), TimeOrNull(r, 10));
}
