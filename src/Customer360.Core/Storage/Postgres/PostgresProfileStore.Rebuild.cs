using Npgsql;

namespace Customer360.Core.Storage.Postgres;

/// <summary>
/// Rebuilds exclusive across instances: a rebuild holds a session-level advisory lock exclusively for its whole run
/// (truncate + reproject, many transactions); every live batch takes the same lock shared for its transaction before
/// anything else. So a batch of another instance either committed before the rebuild started (its events are in the
/// log the rebuild reads) or starts after it ended; none lands in between to be projected twice or into emptied tables.
/// PostgreSQL queues a shared request behind a waiting exclusive one, so a steady stream of batches cannot starve it.
/// </summary>
public sealed partial class PostgresProfileStore
{
    private const int RebuildLockId = 2; // 1 is the migration lock (PostgresSchema)

    public async Task<IAsyncDisposable> EnterRebuildAsync(CancellationToken cancellationToken)
    {
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            // No timeout: the batches in flight on other instances finish first, however long they take.
            await using var cmd = new NpgsqlCommand($"SELECT pg_advisory_lock({PostgresSchema.LockClass}, {RebuildLockId})", connection) { CommandTimeout = 0 };
            await cmd.ExecuteNonQueryAsync(cancellationToken);
            return new RebuildLock(connection);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>A live batch's first statement: waits while a rebuild runs anywhere (no timeout: a rebuild may take minutes).</summary>
    private static async Task WaitForRebuildsAsync(NpgsqlConnection connection, NpgsqlTransaction tx, CancellationToken cancellationToken)
    {
        await using var cmd = new NpgsqlCommand($"SELECT pg_advisory_xact_lock_shared({PostgresSchema.LockClass}, {RebuildLockId})", connection, tx) { CommandTimeout = 0 };
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    private sealed class RebuildLock(NpgsqlConnection connection) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                await using var cmd = new NpgsqlCommand($"SELECT pg_advisory_unlock({PostgresSchema.LockClass}, {RebuildLockId})", connection);
                await cmd.ExecuteNonQueryAsync();
            }
            catch (NpgsqlException)
            {
                // The connection broke: the server ended the session, and the session's lock with it.
            }
            finally
            {
                await connection.DisposeAsync();
            }
        }
    }
}
