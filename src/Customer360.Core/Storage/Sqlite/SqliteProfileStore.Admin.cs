using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using static Customer360.Core.Storage.Sqlite.SqliteValues;

namespace Customer360.Core.Storage.Sqlite;

/// <summary>Search, dead letters, stats and the raw event log.</summary>
public sealed partial class SqliteProfileStore
{
    public Task<IReadOnlyList<SearchHit>> SearchAsync(string tenantId, string? query, int limit, CancellationToken cancellationToken)
    {
        limit = Math.Clamp(limit, 1, 200);
        using var c = OpenReader();
        var match = FtsQuery(query);
        var hits = new List<SearchHit>();
        if (match is null)
        {
            using var recent = Command(c, "SELECT id, name, email FROM customers WHERE tenant_id = $t ORDER BY last_seen_at DESC LIMIT $limit",
                ("$t", tenantId), ("$limit", limit));
            using var r = recent.ExecuteReader();
            while (r.Read())
            {
                hits.Add(new SearchHit(r.GetString(0), ReadText(r, 1), ReadText(r, 2), null));
            }

            return Task.FromResult<IReadOnlyList<SearchHit>>(hits);
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        using (var profiles = Command(c, """
            SELECT cu.id, cu.name, cu.email, snippet(customers_fts, -1, '[', ']', '…', 8)
            FROM customers_fts JOIN customers cu ON cu.rowid = customers_fts.rowid
            WHERE customers_fts MATCH $q AND cu.tenant_id = $t ORDER BY bm25(customers_fts) LIMIT $limit
            """, ("$q", match), ("$t", tenantId), ("$limit", limit)))
        using (var r = profiles.ExecuteReader())
        {
            while (r.Read())
            {
                if (seen.Add(r.GetString(0)))
                {
                    hits.Add(new SearchHit(r.GetString(0), ReadText(r, 1), ReadText(r, 2), r.GetString(3).Replace('\u001f', ' ')));
                }
            }
        }

        if (hits.Count < limit)
        {
            using var notes = Command(c, """
                SELECT n.customer_id, cu.name, cu.email, snippet(notes_fts, 0, '[', ']', '…', 10)
                FROM notes_fts n JOIN customers cu ON cu.tenant_id = n.tenant_id AND cu.id = n.customer_id
                WHERE notes_fts MATCH $q AND n.tenant_id = $t ORDER BY bm25(notes_fts) LIMIT $limit
                """, ("$q", match), ("$t", tenantId), ("$limit", limit * 4));
            using var r = notes.ExecuteReader();
            while (r.Read() && hits.Count < limit)
            {
                if (seen.Add(r.GetString(0)))
                {
                    hits.Add(new SearchHit(r.GetString(0), ReadText(r, 1), ReadText(r, 2), r.GetString(3).Replace('\n', ' ')));
                }
            }
        }

        return Task.FromResult<IReadOnlyList<SearchHit>>(hits);
    }

    /// <summary>User text to an FTS5 query: every word must match as a prefix; FTS syntax in the input is never interpreted.</summary>
    internal static string? FtsQuery(string? query)
    {
        if (string.IsNullOrWhiteSpace(query))
        {
            return null;
        }

        var sb = new StringBuilder();
        foreach (Match m in Regex.Matches(query, @"[\p{L}\p{N}]+"))
        {
            sb.Append('"').Append(m.Value).Append("\"* ");
        }

        return sb.Length == 0 ? null : sb.ToString().TrimEnd();
    }

    public Task<IReadOnlyList<DeadLetter>> ListDeadLettersAsync(int limit, long? beforeId, CancellationToken cancellationToken)
    {
        using var c = OpenReader();
        using var cmd = Command(c, $"""
            SELECT {DeadLetterColumns} FROM dead_letters WHERE id < $before ORDER BY id DESC LIMIT $limit
            """, ("$before", beforeId ?? long.MaxValue), ("$limit", Math.Clamp(limit, 1, 1000)));
        using var r = cmd.ExecuteReader();
        var list = new List<DeadLetter>();
        while (r.Read())
        {
            list.Add(ReadDeadLetter(r));
        }

        return Task.FromResult<IReadOnlyList<DeadLetter>>(list);
    }

    public Task<DeadLetter?> GetDeadLetterAsync(long id, CancellationToken cancellationToken)
    {
        using var c = OpenReader();
        using var cmd = Command(c, $"SELECT {DeadLetterColumns} FROM dead_letters WHERE id = $id", ("$id", id));
        using var r = cmd.ExecuteReader();
        return Task.FromResult(r.Read() ? ReadDeadLetter(r) : null);
    }

    public async Task<bool> DeleteDeadLetterAsync(long id, CancellationToken cancellationToken) =>
        await ExecuteWriteAsync("DELETE FROM dead_letters WHERE id = $id", cancellationToken, ("$id", id)) == 1;

    public async Task RecordDeadLetterRetryAsync(long id, string reason, CancellationToken cancellationToken) =>
        await ExecuteWriteAsync("UPDATE dead_letters SET reason = $reason, retries = retries + 1, last_retry_at = $now WHERE id = $id",
            cancellationToken, ("$id", id), ("$reason", reason), ("$now", Time(DateTimeOffset.UtcNow)));

    public Task PingAsync(CancellationToken cancellationToken)
    {
        using var c = OpenReader();
        using var cmd = Command(c, "SELECT COUNT(*) FROM dead_letters WHERE id < 0");
        cmd.ExecuteScalar();
        return Task.CompletedTask;
    }

    public Task<StoreStats> GetStatsAsync(CancellationToken cancellationToken)
    {
        using var c = OpenReader();
        long Scalar(string sql)
        {
            using var cmd = Command(c, sql);
            return Convert.ToInt64(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        }

        Dictionary<string, long> Group(string column)
        {
            using var cmd = Command(c, $"SELECT {column}, COUNT(*) FROM events GROUP BY {column} ORDER BY 2 DESC");
            using var r = cmd.ExecuteReader();
            var d = new Dictionary<string, long>(StringComparer.Ordinal);
            while (r.Read())
            {
                d[r.GetString(0)] = r.GetInt64(1);
            }

            return d;
        }

        return Task.FromResult(new StoreStats(
            Scalar("SELECT COUNT(*) FROM customers"), Scalar("SELECT COUNT(*) FROM events"), Scalar("SELECT COUNT(*) FROM dead_letters"),
            Group("source"), Group("dialect"), Group("type")));
    }

    public Task<IReadOnlyList<StoredEvent>> ReadEventLogAsync(long afterSeq, int limit, CancellationToken cancellationToken)
    {
        using var c = OpenReader();
        using var cmd = Command(c, """
            SELECT seq, event_id, tenant_id, dialect, source, origin, tenant_hint, broker_time, received_at, raw
            FROM events WHERE seq > $after ORDER BY seq LIMIT $limit
            """, ("$after", afterSeq), ("$limit", limit));
        using var r = cmd.ExecuteReader();
        var list = new List<StoredEvent>(limit);
        while (r.Read())
        {
            list.Add(new StoredEvent(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5),
                ReadText(r, 6), ReadTimeOrNull(r, 7), ReadTime(r, 8), (byte[])r.GetValue(9)));
        }

        return Task.FromResult<IReadOnlyList<StoredEvent>>(list);
    }

    private const string DeadLetterColumns = "id, received_at, source, origin, tenant_hint, dialect_hint, broker_time, reason, raw, retries, last_retry_at";

    private static DeadLetter ReadDeadLetter(SqliteDataReader r) => new(
        r.GetInt64(0), ReadTime(r, 1), r.GetString(2), r.GetString(3), ReadText(r, 4), ReadText(r, 5), ReadTimeOrNull(r, 6),
        r.GetString(7), (byte[])r.GetValue(8), r.GetInt32(9), ReadTimeOrNull(r, 10));

    private async Task<int> ExecuteWriteAsync(string sql, CancellationToken cancellationToken, params (string, object?)[] args)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            using var cmd = Command(_writer ?? throw new InvalidOperationException("store not initialized"), sql, args);
            return cmd.ExecuteNonQuery();
        }
        finally
        {
            _writeLock.Release();
        }
    }
}
