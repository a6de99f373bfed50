using Microsoft.Data.Sqlite;
using Npgsql;

namespace Customer360.Core.Storage;

/// <summary>
/// Tells a store that cannot write right now (busy or locked, disk full, read-only, I/O error, connection lost,
/// database shutting down) from a write that failed because of what was written. A source must not blame a message
/// for an outage: it holds and retries it instead of dead-lettering it.
/// </summary>
public static class StoreOutage
{
    // SQLITE_BUSY, LOCKED, NOMEM, READONLY, IOERR, FULL, CANTOPEN, PROTOCOL (primary result codes)
    private static readonly int[] SqliteCodes = [5, 6, 7, 8, 10, 13, 14, 15];

    // PostgreSQL classes: 08 connection, 53 insufficient resources (disk full, out of memory), 57 operator
    // intervention (shutdown, cannot connect now), 58 system error (I/O).
    private static readonly string[] PostgresClasses = ["08", "53", "57", "58"];

    public static bool Is(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case SqliteException sqlite when SqliteCodes.Contains(sqlite.SqliteErrorCode & 0xff):
                case PostgresException pg when PostgresClasses.Contains(pg.SqlState[..2]):
                    return true;
                case PostgresException:
                    return false; // a statement PostgreSQL refused: about the data
                case NpgsqlException:
                    return true; // no answer from the server at all: network, timeout, connection broken
            }
        }

        return false;
    }
}
