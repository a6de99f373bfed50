using Customer360.Core.Storage.Erasure;
using Microsoft.Data.Sqlite;

namespace Customer360.Core.Storage.Sqlite;

/// <summary>
/// Erase on SQLite: the rows go in one transaction with secure_delete on (freed space and pages are zeroed),
/// the FTS5 indexes are merged so no old segment keeps a term. secure_delete cannot reach the stale copies of
/// rows that earlier page splits left in the unused space of live pages, so the file is then rewritten
/// (VACUUM, unless VacuumOnErase is off), and the WAL checkpointed and truncated so the old page images it
/// held are gone from disk too.
/// </summary>
public sealed partial class SqliteProfileStore
{
    private const int CheckpointAttempts = 5;
    private readonly bool _vacuumOnErase;

    public async Task<EraseResult?> EraseCustomerAsync(string tenantId, string customerId, string actor, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            var writer = _writer ?? throw new InvalidOperationException("store not initialized");
            EraseResult? result;
            Pragma(writer, "PRAGMA secure_delete = ON;");
            try
            {
                using var tx = writer.BeginTransaction();
                result = SqliteErasure.Erase(writer, tx, tenantId, customerId);
                if (result is null)
                {
                    return null;
                }

                AppendAudit(writer, tx, result.ToAudit(actor, tenantId));
                tx.Commit();
            }
            finally
            {
                // The writer's profile cache may hold the erased profiles; after a failure, half-applied ones.
                _session?.Discard();
                Pragma(writer, "PRAGMA secure_delete = OFF;");
            }

            var vacuumed = _vacuumOnErase && Vacuum(writer);
            var checkpointed = await CheckpointAsync(writer, cancellationToken);
            return result with { FilesScrubbed = vacuumed && checkpointed };
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>
    /// Rewrites every page from the live rows. Rowids survive: customers (whose rowid keys its FTS row) has an
    /// index, and VACUUM keeps the rowids of such tables; the notes index is keyed by the log's INTEGER PRIMARY
    /// KEY seq, which VACUUM never changes. The copy
    /// is built in a temporary file, not in memory (temp_store is MEMORY for the write path): it can be as large
    /// as the database, and holds only what remains after the erase.
    /// </summary>
    private static bool Vacuum(SqliteConnection writer)
    {
        try
        {
            Pragma(writer, "PRAGMA temp_store = FILE; VACUUM;");
            return true;
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode is 5 or 6)
        {
            return false; // another process holds the write lock: the erase stands, the file is scrubbed by a later VACUUM
        }
        finally
        {
            Pragma(writer, "PRAGMA temp_store = MEMORY;");
        }
    }

    /// <summary>
    /// TRUNCATE waits (busy_timeout) for readers on older snapshots, then copies the WAL into the file and
    /// empties it. A reader that keeps a snapshot open longer makes it report busy: try a few times.
    /// </summary>
    private static async Task<bool> CheckpointAsync(SqliteConnection writer, CancellationToken cancellationToken)
    {
        for (var attempt = 1; attempt <= CheckpointAttempts; attempt++)
        {
            try
            {
                using var cmd = writer.CreateCommand();
                cmd.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
                using var r = cmd.ExecuteReader();
                if (r.Read() && r.GetInt64(0) == 0)
                {
                    return true;
                }
            }
            catch (SqliteException ex) when (ex.SqliteErrorCode is 5 or 6)
            {
                // SQLITE_BUSY / SQLITE_LOCKED: another connection holds the file; try again below.
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100 * attempt), cancellationToken);
        }

        return false;
    }
}
