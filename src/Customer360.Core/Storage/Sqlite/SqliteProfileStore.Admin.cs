using Microsoft.Data.Sqlite;
using static Customer360.Core.Storage.Sqlite.SqliteValues;

namespace Customer360.Core.Storage.Sqlite;

/// <summary>Dead letters, stats and the raw event log.</summary>
public sealed partial class SqliteProfileStore
{
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
