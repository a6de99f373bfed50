using System.Reflection;
using Customer360.Core.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using SQLitePCL;

/// <summary>
/// Time SQLite spends in each statement on the store's write connection, from SQLite's own profile callback (wall time
/// from the first step to the reset, in nanoseconds). `perf` cannot say which statement SQLite's samples belong to:
/// the library has no frame pointers, so its stacks end inside SQLite. An experiment tool: it reaches the private
/// writer connection by reflection, and costs a callback per statement while attached.
/// </summary>
internal sealed class StatementProfile
{
    private readonly Dictionary<string, (long Nanos, long Count)> _bySql = [];

    public static StatementProfile Attach(SqliteProfileStore store)
    {
        var writer = (SqliteConnection?)typeof(SqliteProfileStore).GetField("_writer", BindingFlags.Instance | BindingFlags.NonPublic)?.GetValue(store)
            ?? throw new InvalidOperationException("SqliteProfileStore has no _writer field any more: update StatementProfile");
        var profile = new StatementProfile();
        raw.sqlite3_profile(writer.Handle, static (state, sql, nanos) => ((StatementProfile)state).Add(sql, nanos), profile);
        return profile;
    }

    // Keyed by the statement's text as SQLite gives it; it is shortened to one line only when printed, not per call.
    private void Add(string sql, long nanos)
    {
        var (total, count) = _bySql.GetValueOrDefault(sql);
        _bySql[sql] = (total + nanos, count + 1);
    }

    private static string OneLine(string sql)
    {
        var line = string.Join(' ', sql.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return line.Length > 90 ? line[..90] : line;
    }

    public void Print(int events, TimeSpan storeWall)
    {
        var all = _bySql.Values.Sum(v => v.Nanos);
        Console.WriteLine($"  SQLite statements: {all / 1e9:0.00} s of {storeWall.TotalSeconds:0.00} s store wall ({all / 1e3 / events:0.0} µs/event)");
        foreach (var (sql, (nanos, count)) in _bySql.OrderByDescending(kv => kv.Value.Nanos).Take(15))
        {
            Console.WriteLine($"  {nanos / 1e3 / events,6:0.00} µs/event {count,9:N0} x {nanos / 1e3 / Math.Max(1, count),7:0.0} µs  {OneLine(sql)}");
        }
    }
}
