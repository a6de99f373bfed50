using System.Globalization;
using Customer360.Core.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace Customer360.Tests.Storage;

/// <summary>Stored times are compared as text and read back with TimeFormat: the fast "O" writer must produce exactly it.</summary>
public sealed class SqliteTimeFormatTests
{
    public static TheoryData<string> Times => new()
    {
        "2024-01-15T10:00:00Z",
        "2024-12-14T00:00:00.1234567+05:30",
        "1999-12-31T23:59:59.9999999-08:00",
        "0001-01-01T00:00:00Z",
        "9999-12-31T23:59:59.9999999Z",
        "2024-02-29T12:34:56.0000001+00:00",
    };

    [Theory]
    [MemberData(nameof(Times))]
    public void A_bound_time_is_stored_in_the_schema_format_and_reads_back_as_the_same_instant(string text)
    {
        var t = DateTimeOffset.Parse(text, CultureInfo.InvariantCulture);
        var expected = t.UtcDateTime.ToString(SqliteValues.TimeFormat, CultureInfo.InvariantCulture);
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        using var select = new SqliteStatement(connection, "SELECT ?1");

        select.Time(1, t).Step();
        var stored = select.ColumnText(0);
        select.Reset();

        Assert.Equal(expected, stored);
        Assert.Equal(expected, SqliteValues.Time(t));
        Assert.Equal(t, SqliteValues.ParseTime(stored));
        var fromBytes = SqliteValues.ParseTime(System.Text.Encoding.UTF8.GetBytes(stored));
        Assert.Equal(t, fromBytes);
        Assert.Equal(TimeSpan.Zero, fromBytes.Offset);
        Assert.Equal(SqliteValues.ParseTime(stored)!.Value.UtcTicks, fromBytes.UtcTicks);
    }

    [Theory]
    [InlineData("2024-01-15T10:00:00.0000000+02:00")] // an offset: never written, read as the exact parse reads it
    [InlineData("2024-01-15T10:00:00.0000000")]
    [InlineData("2024-01-15 10:00:00.0000000Z")]
    [InlineData("yesterday")]
    public void A_stored_time_not_in_the_schema_format_reads_from_bytes_as_the_exact_parse_does(string text)
    {
        var exact = Record.Exception(() => SqliteValues.ParseTime(text));
        var fromBytes = Record.Exception(() => SqliteValues.ParseTime(System.Text.Encoding.UTF8.GetBytes(text)));

        Assert.Equal(exact?.GetType(), fromBytes?.GetType());
        if (exact is null)
        {
            Assert.Equal(SqliteValues.ParseTime(text), SqliteValues.ParseTime(System.Text.Encoding.UTF8.GetBytes(text)));
        }
    }
}
