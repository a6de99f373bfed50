using System.Globalization;
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

    public static DateTimeOffset ReadTime(SqliteDataReader r, int i) =>
        DateTimeOffset.ParseExact(r.GetString(i), TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    public static DateTimeOffset? ReadTimeOrNull(SqliteDataReader r, int i) => r.IsDBNull(i) ? null : ReadTime(r, i);

    public static DateTimeOffset? ParseTime(string? s) =>
        s is null ? null : DateTimeOffset.ParseExact(s, TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

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
