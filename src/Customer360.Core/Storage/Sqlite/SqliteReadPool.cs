using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Customer360.Core.Storage.Sqlite;

/// <summary>
/// Reader connections kept open with their statements prepared. Microsoft.Data.Sqlite pools the handles but
/// prepares every command again: a profile read is seven short queries, and parsing and planning them cost
/// more than running them. A lease gives one request a connection to itself, inside one read transaction: its
/// statements all see the same commit (a merge committing between an alias lookup and the profile read made a
/// merged id answer 404). Idle ones hold no transaction, so they never block the writer, a checkpoint or a VACUUM.
/// </summary>
internal sealed class SqliteReadPool(string connectionString) : IDisposable
{
    // Each idle connection keeps its own page cache (SQLite's default, 2 MB): a few cover a 2-core server.
    private const int MaxIdle = 8;
    private readonly ConcurrentBag<SqliteReadConnection> _idle = [];
    private volatile bool _disposed;

    public Lease Rent()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var c = _idle.TryTake(out var idle) ? idle : new SqliteReadConnection(connectionString);
        try
        {
            c.BeginSnapshot();
        }
        catch
        {
            c.Dispose();
            throw;
        }

        return new Lease(this, c);
    }

    public void Dispose()
    {
        _disposed = true;
        Drain();
    }

    private void Return(SqliteReadConnection c)
    {
        if (!c.EndSnapshot() || _disposed || _idle.Count >= MaxIdle)
        {
            c.Dispose();
            return;
        }

        _idle.Add(c);
        if (_disposed)
        {
            Drain(); // lost the race with Dispose: do not leave an open handle behind
        }
    }

    private void Drain()
    {
        while (_idle.TryTake(out var c))
        {
            c.Dispose();
        }
    }

    public readonly struct Lease(SqliteReadPool pool, SqliteReadConnection connection) : IDisposable
    {
        public SqliteReadConnection Connection => connection;

        public void Dispose() => pool.Return(connection);
    }
}

/// <summary>One open reader connection and the commands prepared on it, by SQL text.</summary>
internal sealed class SqliteReadConnection : IDisposable
{
    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SqliteStatement> _statements = new(StringComparer.Ordinal);

    public SqliteReadConnection(string connectionString)
    {
        Connection = new SqliteConnection(connectionString);
        Connection.Open();
    }

    public SqliteConnection Connection { get; }

    /// <summary>BEGIN (deferred): the snapshot is taken by the first read and kept by every later one until EndSnapshot.</summary>
    public void BeginSnapshot() => Exec("BEGIN");

    /// <summary>Ends the read transaction; false if it could not (the connection is then closed, not pooled).</summary>
    public bool EndSnapshot() => Connection.Handle is { } db && (raw.sqlite3_get_autocommit(db) != 0 || raw.sqlite3_exec(db, "COMMIT") == raw.SQLITE_OK);

    private void Exec(string sql)
    {
        var rc = raw.sqlite3_exec(Connection.Handle, sql);
        if (rc != raw.SQLITE_OK)
        {
            throw new SqliteException($"{sql}: {raw.sqlite3_errmsg(Connection.Handle).utf8_to_string()}", rc);
        }
    }

    /// <summary>The command for this SQL, prepared on first use, with these parameters. Not to be disposed by the caller.</summary>
    public SqliteCommand Command(string sql, params (string Name, object? Value)[] args)
    {
        if (!_commands.TryGetValue(sql, out var cmd))
        {
            cmd = Connection.CreateCommand();
            cmd.CommandText = sql;
            _commands[sql] = cmd;
        }

        cmd.Parameters.Clear();
        foreach (var (name, value) in args)
        {
            cmd.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return cmd;
    }

    /// <summary>A raw statement for this SQL, prepared on first use. The caller resets it; not to be disposed by the caller.</summary>
    public SqliteStatement Statement(string sql)
    {
        if (!_statements.TryGetValue(sql, out var statement))
        {
            statement = new SqliteStatement(Connection, sql);
            _statements[sql] = statement;
        }

        return statement;
    }

    public void Dispose()
    {
        foreach (var s in _statements.Values)
        {
            s.Dispose();
        }

        foreach (var c in _commands.Values)
        {
            c.Dispose();
        }

        Connection.Dispose();
    }
}
