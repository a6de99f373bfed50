using System.Buffers;
using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Customer360.Core.Storage.Sqlite;

/// <summary>
/// A statement prepared once on the write connection and driven through SQLitePCLRaw directly: positional
/// binds, no per-call reader or parameter objects, text bound from spans. The write path runs tens of
/// statements per event batch row; Microsoft.Data.Sqlite's per-execution overhead (name lookups per
/// parameter, a data reader per scalar) was a third of the ingestion CPU. It runs on the same connection
/// handle, so it is inside whatever transaction that connection has open.
/// </summary>
internal sealed class SqliteStatement : IDisposable
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _stmt;

    public SqliteStatement(SqliteConnection connection, string sql)
    {
        _db = connection.Handle ?? throw new InvalidOperationException("the connection is not open");
        Check(raw.sqlite3_prepare_v3(_db, sql, raw.SQLITE_PREPARE_PERSISTENT, out _stmt), sql);
    }

    /// <summary>
    /// Binds UTF-8 (the database's encoding): text bound as UTF-16 would be converted inside SQLite, with a
    /// malloc, every time a comparison or an index insert touches it.
    /// </summary>
    public SqliteStatement Text(int index, string? value)
    {
        if (value is null)
        {
            return Null(index);
        }

        var max = Encoding.UTF8.GetMaxByteCount(value.Length);
        if (max <= 512)
        {
            Span<byte> buffer = stackalloc byte[512];
            return Utf8(index, buffer[..Encoding.UTF8.GetBytes(value, buffer)]);
        }

        var rented = ArrayPool<byte>.Shared.Rent(max);
        try
        {
            return Utf8(index, rented.AsSpan(0, Encoding.UTF8.GetBytes(value, rented)));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    public SqliteStatement Utf8(int index, ReadOnlySpan<byte> value) => Checked(raw.sqlite3_bind_text(_stmt, index, value));

    public SqliteStatement Blob(int index, ReadOnlySpan<byte> value) => Checked(raw.sqlite3_bind_blob(_stmt, index, value));

    public SqliteStatement Int(int index, long value) => Checked(raw.sqlite3_bind_int64(_stmt, index, value));

    public SqliteStatement Int(int index, long? value) => value is { } v ? Int(index, v) : Null(index);

    public SqliteStatement Money(int index, decimal? value) =>
        value is { } v ? Checked(raw.sqlite3_bind_double(_stmt, index, (double)v)) : Null(index);

    /// <summary>ISO 8601 UTC with 7 fraction digits, the schema's time format, formatted without allocating.</summary>
    public SqliteStatement Time(int index, DateTimeOffset? value)
    {
        if (value is not { } t)
        {
            return Null(index);
        }

        Span<byte> buffer = stackalloc byte[32];
        t.UtcDateTime.TryFormat(buffer, out var written, SqliteValues.WriteTimeFormat, CultureInfo.InvariantCulture);
        return Utf8(index, buffer[..written]);
    }

    public SqliteStatement Null(int index) => Checked(raw.sqlite3_bind_null(_stmt, index));

    /// <summary>Runs to completion; the number of rows changed.</summary>
    public int Execute()
    {
        try
        {
            int rc;
            while ((rc = raw.sqlite3_step(_stmt)) == raw.SQLITE_ROW)
            {
            }

            Check(rc);
            return raw.sqlite3_changes(_db);
        }
        finally
        {
            raw.sqlite3_reset(_stmt);
        }
    }

    /// <summary>The rowid of the last row this connection inserted.</summary>
    public long LastInsertRowId => raw.sqlite3_last_insert_rowid(_db);

    /// <summary>The first column of the first row as an integer, or null when there is no row (or it is NULL).</summary>
    public long? ScalarInt64()
    {
        try
        {
            return Step() && raw.sqlite3_column_type(_stmt, 0) != raw.SQLITE_NULL ? raw.sqlite3_column_int64(_stmt, 0) : null;
        }
        finally
        {
            raw.sqlite3_reset(_stmt);
        }
    }

    /// <summary>The first column of the first row as text, or null when there is no row (or it is NULL).</summary>
    public string? ScalarText()
    {
        try
        {
            return Step() && raw.sqlite3_column_type(_stmt, 0) != raw.SQLITE_NULL ? ColumnText(0) : null;
        }
        finally
        {
            raw.sqlite3_reset(_stmt);
        }
    }

    /// <summary>For readers: advances to the next row; call Reset when done.</summary>
    public bool Step()
    {
        var rc = raw.sqlite3_step(_stmt);
        if (rc == raw.SQLITE_ROW)
        {
            return true;
        }

        Check(rc);
        return false;
    }

    public void Reset() => raw.sqlite3_reset(_stmt);

    public bool IsNull(int column) => raw.sqlite3_column_type(_stmt, column) == raw.SQLITE_NULL;

    public long ColumnInt64(int column) => raw.sqlite3_column_int64(_stmt, column);

    public double ColumnDouble(int column) => raw.sqlite3_column_double(_stmt, column);

    public string ColumnText(int column) => Encoding.UTF8.GetString(raw.sqlite3_column_blob(_stmt, column));

    public string? ColumnTextOrNull(int column) => IsNull(column) ? null : ColumnText(column);

    /// <summary>The column's bytes, valid until the next step or reset.</summary>
    public ReadOnlySpan<byte> ColumnUtf8(int column) => raw.sqlite3_column_blob(_stmt, column);

    public void Dispose() => _stmt.Dispose();

    private SqliteStatement Checked(int rc)
    {
        Check(rc);
        return this;
    }

    private void Check(int rc, string? sql = null)
    {
        if (rc is not (raw.SQLITE_OK or raw.SQLITE_DONE or raw.SQLITE_ROW))
        {
            var message = raw.sqlite3_errmsg(_db).utf8_to_string();
            throw new SqliteException($"SQLite Error {rc}: '{message}'{(sql is null ? "" : $" preparing: {sql}")}", rc, raw.sqlite3_extended_errcode(_db));
        }
    }
}
