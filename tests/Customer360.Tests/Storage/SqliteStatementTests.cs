using Customer360.Core.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace Customer360.Tests.Storage;

/// <summary>
/// What a statement binds is what SQLite stores (SqliteNative binds through pointers): empty values stay empty rather than
/// NULL, long values take the import that lets the collector run, and every value reads back byte for byte.
/// </summary>
public sealed class SqliteStatementTests : IDisposable
{
    private readonly SqliteConnection _connection = new("Data Source=:memory:");

    public SqliteStatementTests() => _connection.Open();

    public void Dispose() => _connection.Dispose();

    private (string Type, long Length, string? Text) RoundTrip(Func<SqliteStatement, SqliteStatement> bind)
    {
        using var select = new SqliteStatement(_connection, "SELECT typeof(?1), length(CAST(?1 AS BLOB)), CAST(?1 AS TEXT)");
        Assert.True(bind(select).Step());
        var result = (select.ColumnText(0), select.ColumnInt64(1), select.ColumnTextOrNull(2));
        select.Reset();
        return result;
    }

    [Fact]
    public void An_empty_text_and_an_empty_blob_are_stored_empty_not_null()
    {
        Assert.Equal(("text", 0L, ""), RoundTrip(s => s.Text(1, "")));
        Assert.Equal(("blob", 0L, ""), RoundTrip(s => s.Blob(1, ReadOnlySpan<byte>.Empty)));
        Assert.Equal(("null", 0L, null), RoundTrip(s => s.Text(1, null)));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(SqliteNative.ShortCopy)]
    [InlineData(SqliteNative.ShortCopy + 1)]
    [InlineData(300_000)]
    public void Text_and_blobs_on_either_side_of_the_short_copy_read_back_whole(int length)
    {
        var text = string.Concat(Enumerable.Repeat("ab€", length / 3 + 1))[..length];
        var bytes = System.Text.Encoding.UTF8.GetBytes(text);

        Assert.Equal(("text", bytes.Length, text), RoundTrip(s => s.Text(1, text)));
        Assert.Equal(("blob", bytes.Length, text), RoundTrip(s => s.Blob(1, bytes)));
    }

    [Fact]
    public void Integers_reals_and_nulls_are_bound_by_position_and_a_statement_is_reused_after_reset()
    {
        using var select = new SqliteStatement(_connection, "SELECT ?1 + 1, ?2 * 2, ?3 IS NULL");
        for (var i = 0; i < 3; i++)
        {
            Assert.True(select.Int(1, long.MaxValue - 1 - i).Money(2, 1.25m + i).Null(3).Step());
            Assert.Equal((long.MaxValue - i, 2.5 + (2 * i), 1L), (select.ColumnInt64(0), select.ColumnDouble(1), select.ColumnInt64(2)));
            select.Reset();
        }
    }
}
