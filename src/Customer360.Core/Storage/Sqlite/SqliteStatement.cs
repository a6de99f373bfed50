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
/// handle, so it is inside whatever transaction that connection has open. The per-row calls go through SqliteNative,
/// on the raw pointers: the handles below own them, and live as long as this statement.
/// </summary>
internal sealed class SqliteStatement : IDisposable
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _stmt;
    private readonly nint _dbPointer;
    private readonly nint _stmtPointer;

    public SqliteStatement(SqliteConnection connection, string sql)
    {
        _db = connection.Handle ?? throw new InvalidOperationException("the connection is not open");
        Check(raw.sqlite3_prepare_v3(_db, sql, raw.SQLITE_PREPARE_PERSISTENT, out _stmt), sql);
        _dbPointer = _db.DangerousGetHandle();
        _stmtPointer = _stmt.DangerousGetHandle();
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

    public SqliteStatement Utf8(int index, ReadOnlySpan<byte> value) => Checked(SqliteNative.BindText(_stmtPointer, index, value));

    public SqliteStatement Blob(int index, ReadOnlySpan<byte> value) => Checked(SqliteNative.BindBlob(_stmtPointer, index, value));

    public SqliteStatement Int(int index, long value) => Checked(SqliteNative.sqlite3_bind_int64(_stmtPointer, index, value));

    public SqliteStatement Int(int index, long? value) => value is { } v ? Int(index, v) : Null(index);

    public SqliteStatement Money(int index, decimal? value) =>
        value is { } v ? Checked(SqliteNative.sqlite3_bind_double(_stmtPointer, index, (double)v)) : Null(index);

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

    public SqliteStatement Null(int index) => Checked(SqliteNative.sqlite3_bind_null(_stmtPointer, index));

    /// <summary>Runs to completion; the number of rows changed.</summary>
    public int Execute()
    {
        try
        {
            int rc;
            while ((rc = SqliteNative.sqlite3_step(_stmtPointer)) == raw.SQLITE_ROW)
            {
            }

            Check(rc);
            return SqliteNative.sqlite3_changes(_dbPointer);
        }
        finally
        {
            SqliteNative.sqlite3_reset(_stmtPointer);
        }
    }

    /// <summary>The rowid of the last row this connection inserted.</summary>
    public long LastInsertRowId => SqliteNative.sqlite3_last_insert_rowid(_dbPointer);

    /// <summary>The first column of the first row as an integer, or null when there is no row (or it is NULL).</summary>
    public long? ScalarInt64()
    {
        try
        {
            return Step() && SqliteNative.sqlite3_column_type(_stmtPointer, 0) != raw.SQLITE_NULL ? SqliteNative.sqlite3_column_int64(_stmtPointer, 0) : null;
        }
        finally
        {
            SqliteNative.sqlite3_reset(_stmtPointer);
        }
    }

    /// <summary>The first column of the first row as text, or null when there is no row (or it is NULL).</summary>
    public string? ScalarText()
    {
        try
        {
            return Step() && SqliteNative.sqlite3_column_type(_stmtPointer, 0) != raw.SQLITE_NULL ? ColumnText(0) : null;
        }
        finally
        {
            SqliteNative.sqlite3_reset(_stmtPointer);
        }
    }

    /// <summary>For readers: advances to the next row; call Reset when done.</summary>
    public bool Step()
    {
        var rc = SqliteNative.sqlite3_step(_stmtPointer);
        if (rc == raw.SQLITE_ROW)
        {
            return true;
        }

        Check(rc);
        return false;
    }

    public void Reset() => SqliteNative.sqlite3_reset(_stmtPointer);

    public bool IsNull(int column) => SqliteNative.sqlite3_column_type(_stmtPointer, column) == raw.SQLITE_NULL;

    public long ColumnInt64(int column) => SqliteNative.sqlite3_column_int64(_stmtPointer, column);

    public double ColumnDouble(int column) => SqliteNative.sqlite3_column_double(_stmtPointer, column);

    public string ColumnText(int column) => Encoding.UTF8.GetString(SqliteNative.ColumnBytes(_stmtPointer, column));

    public string? ColumnTextOrNull(int column) => IsNull(column) ? null : ColumnText(column);

    /// <summary>The column's bytes, valid until the next step or reset.</summary>
    public ReadOnlySpan<byte> ColumnUtf8(int column) => SqliteNative.ColumnBytes(_stmtPointer, column);

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
