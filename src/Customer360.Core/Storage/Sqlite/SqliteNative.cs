using System.Runtime.InteropServices;

namespace Customer360.Core.Storage.Sqlite;

/// <summary>
/// The SQLite calls a prepared statement makes per row, bound straight to the e_sqlite3 library SQLitePCLRaw loads
/// (the same file, found by the same name). SQLitePCLRaw's own imports take SafeHandles, so each of the ~25 calls an event
/// makes on the write path also counts a reference up and down, and switches the thread out of the runtime's managed
/// mode and back. Binds, resets and column reads only copy a few bytes, so they skip that switch
/// (SuppressGCTransition); sqlite3_step runs the statement (I/O, locks, busy waits) and keeps it. A reset halts the
/// statement, which in autocommit mode would commit a write: every write here runs inside the writer's explicit
/// transaction, and a reader's reset only ends its read snapshot, so a reset does no I/O. A text or blob longer
/// than <see cref="ShortCopy"/> is bound through the import that keeps it too: the copy then takes long enough that a
/// collection should not wait for it.
/// </summary>
internal static unsafe partial class SqliteNative
{
    public const int ShortCopy = 4096;

    private const string Library = "e_sqlite3";

    /// <summary>SQLITE_TRANSIENT: SQLite copies the bytes before the bind returns.</summary>
    private static readonly nint Transient = -1;

    [LibraryImport(Library)]
    public static partial int sqlite3_step(nint stmt);

    [LibraryImport(Library)]
    [SuppressGCTransition]
    public static partial int sqlite3_reset(nint stmt);

    [LibraryImport(Library)]
    [SuppressGCTransition]
    public static partial int sqlite3_bind_int64(nint stmt, int index, long value);

    [LibraryImport(Library)]
    [SuppressGCTransition]
    public static partial int sqlite3_bind_double(nint stmt, int index, double value);

    [LibraryImport(Library)]
    [SuppressGCTransition]
    public static partial int sqlite3_bind_null(nint stmt, int index);

    [LibraryImport(Library)]
    [SuppressGCTransition]
    public static partial int sqlite3_column_type(nint stmt, int column);

    [LibraryImport(Library)]
    [SuppressGCTransition]
    public static partial long sqlite3_column_int64(nint stmt, int column);

    [LibraryImport(Library)]
    [SuppressGCTransition]
    public static partial double sqlite3_column_double(nint stmt, int column);

    [LibraryImport(Library)]
    [SuppressGCTransition]
    public static partial int sqlite3_changes(nint db);

    [LibraryImport(Library)]
    [SuppressGCTransition]
    public static partial long sqlite3_last_insert_rowid(nint db);

    /// <summary>A column's bytes (text as UTF-8), valid until the next step or reset.</summary>
    public static ReadOnlySpan<byte> ColumnBytes(nint stmt, int column)
    {
        // The pointer first, then the length: sqlite3_column_bytes after sqlite3_column_blob is the documented order.
        var p = sqlite3_column_blob(stmt, column);
        var n = sqlite3_column_bytes(stmt, column);
        return p == null ? [] : new ReadOnlySpan<byte>(p, n);
    }

    public static int BindText(nint stmt, int index, ReadOnlySpan<byte> utf8) => Bind(stmt, index, utf8, text: true);

    public static int BindBlob(nint stmt, int index, ReadOnlySpan<byte> bytes) => Bind(stmt, index, bytes, text: false);

    private static int Bind(nint stmt, int index, ReadOnlySpan<byte> bytes, bool text)
    {
        byte none = 0;
        fixed (byte* fixedBytes = bytes)
        {
            // An empty span has no address, and a null pointer would bind NULL instead of '' or an empty blob.
            var p = fixedBytes == null ? &none : fixedBytes;
            return (text, bytes.Length <= ShortCopy) switch
            {
                (true, true) => sqlite3_bind_text(stmt, index, p, bytes.Length, Transient),
                (true, false) => sqlite3_bind_text_long(stmt, index, p, bytes.Length, Transient),
                (false, true) => sqlite3_bind_blob(stmt, index, p, bytes.Length, Transient),
                (false, false) => sqlite3_bind_blob_long(stmt, index, p, bytes.Length, Transient),
            };
        }
    }

    [LibraryImport(Library)]
    [SuppressGCTransition]
    private static partial int sqlite3_bind_text(nint stmt, int index, byte* text, int length, nint destructor);

    [LibraryImport(Library, EntryPoint = "sqlite3_bind_text")]
    private static partial int sqlite3_bind_text_long(nint stmt, int index, byte* text, int length, nint destructor);

    [LibraryImport(Library)]
    [SuppressGCTransition]
    private static partial int sqlite3_bind_blob(nint stmt, int index, byte* blob, int length, nint destructor);

    [LibraryImport(Library, EntryPoint = "sqlite3_bind_blob")]
    private static partial int sqlite3_bind_blob_long(nint stmt, int index, byte* blob, int length, nint destructor);

    [LibraryImport(Library)]
    [SuppressGCTransition]
    private static partial byte* sqlite3_column_blob(nint stmt, int column);

    [LibraryImport(Library)]
    [SuppressGCTransition]
    private static partial int sqlite3_column_bytes(nint stmt, int column);
}
