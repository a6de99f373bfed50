using Microsoft.Data.Sqlite;

namespace Customer360.Core.Storage.Sqlite;

/// <summary>
/// The raw log's index keys (schema v6): a tenant's event id or customer id as one integer, and a time as its ticks.
/// Each event adds an entry at a random place in both of the log's indexes, so their size sets how many pages every
/// commit rewrites: integers instead of texts make the entries about a third of the size (bench/README.md, tenth
/// session). A key is a hash, so two ids may share one: every lookup by key also compares the texts it stands for.
/// </summary>
internal static class SqliteKeys
{
    private const ulong FnvOffset = 14695981039346656037UL;
    private const ulong FnvPrime = 1099511628211UL;

    /// <summary>
    /// FNV-1a 64 over the UTF-16 code units of the tenant, a 0 unit, and the id; the top 47 bits, so the key is never
    /// negative and SQLite stores it in 6 bytes. Stored in every file: never change it (a migration would have to
    /// recompute every key).
    /// </summary>
    public static long Of(string tenantId, string id)
    {
        var h = FnvOffset;
        foreach (var ch in tenantId)
        {
            h = (h ^ ch) * FnvPrime;
        }

        h *= FnvPrime; // the separator: ("ab", "c") and ("a", "bc") hash apart
        foreach (var ch in id)
        {
            h = (h ^ ch) * FnvPrime;
        }

        return (long)(h >> 17);
    }

    /// <summary>A time as the log orders it: its UTC ticks, the integer behind the 7 fraction digits of its text.</summary>
    public static long Ticks(DateTimeOffset t) => t.UtcTicks;

    /// <summary>The same functions for SQL, to compute the keys of rows already in a file (the v6 migration).</summary>
    public static void Register(SqliteConnection c)
    {
        c.CreateFunction<string, string, long>("c360_key", Of, isDeterministic: true);
        c.CreateFunction<string, long>(
            "c360_ticks",
            text => Ticks(SqliteValues.ParseTime(text)!.Value),
            isDeterministic: true);
    }
}
