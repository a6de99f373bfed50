using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;

namespace Customer360.Core.Storage.Sqlite;

/// <summary>Conversions between model values and the schema's column types.</summary>
internal static class SqliteValues
{
    /// <summary>ISO 8601 UTC with 7 fraction digits: readable in sqlite3 and ordered as text.</summary>
    public const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    /// <summary>
    /// What times are written with: "O" of a UTC DateTime is TimeFormat character for character (pinned by
    /// SqliteTimeFormatTests) and has a fast path; the custom pattern went through the general formatter, 3-4 µs of
    /// the store's CPU per event (bench/README.md, fifth session).
    /// </summary>
    public const string WriteTimeFormat = "O";

    public static string Time(DateTimeOffset t) => t.UtcDateTime.ToString(WriteTimeFormat, CultureInfo.InvariantCulture);

    public static DateTimeOffset ReadTime(SqliteDataReader r, int i) => ParseTime(r.GetString(i))!.Value;

    public static DateTimeOffset? ReadTimeOrNull(SqliteDataReader r, int i) => r.IsDBNull(i) ? null : ReadTime(r, i);

    public static DateTimeOffset? ParseTime(string? s) =>
        s is null ? null : DateTimeOffset.ParseExact(s, TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    /// <summary>
    /// A stored time read from the column's bytes: the UTF-8 parser takes TimeFormat as its "O" form, without a string or
    /// the general exact-format parser (a profile load reads four; pinned against ParseTime by SqliteTimeFormatTests).
    /// Anything else goes through ParseTime.
    /// </summary>
    public static DateTimeOffset ParseTime(ReadOnlySpan<byte> utf8) =>
        utf8.Length == 28 && Utf8Parser.TryParse(utf8, out DateTime t, out var used, 'O') && used == 28 && t.Kind == DateTimeKind.Utc
            ? new DateTimeOffset(t)
            : ParseTime(Encoding.UTF8.GetString(utf8))!.Value;

    public static decimal? ReadMoney(SqliteDataReader r, int i) => r.IsDBNull(i) ? null : ToDecimal(r.GetDouble(i));

    public static decimal ToDecimal(double d) => Convert.ToDecimal(d, CultureInfo.InvariantCulture);

    public static string? ReadText(SqliteDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    public static SqliteCommand Command(SqliteConnection c, string sql, params (string Name, object? Value)[] args)
    {
        var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        foreach (var (name, value) in args)
        {
            cmd.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return cmd;
    }
}
