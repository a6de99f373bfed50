using Microsoft.Data.Sqlite;

namespace Customer360.IntegrationTests.Faults;

/// <summary>
/// Another process (this test process) holding the database's write lock, as a `sqlite3 db 'BEGIN IMMEDIATE'` left
/// open would: the service's batches wait their busy timeout and then fail with SQLITE_BUSY until it is released.
/// </summary>
public sealed class SqliteWriteLock : IAsyncDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SqliteTransaction _transaction;

    private SqliteWriteLock(SqliteConnection connection, SqliteTransaction transaction)
    {
        _connection = connection;
        _transaction = transaction;
    }

    public static SqliteWriteLock Take(string dbPath)
    {
        // Waits (up to 60 s) for the service's current batch, then holds the one writer slot.
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = dbPath, Pooling = false, DefaultTimeout = 60 }.ToString());
        connection.Open();
        return new SqliteWriteLock(connection, connection.BeginTransaction(deferred: false));
    }

    public async ValueTask DisposeAsync()
    {
        await _transaction.RollbackAsync();
        await _transaction.DisposeAsync();
        await _connection.DisposeAsync();
    }
}
