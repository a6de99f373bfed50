using Customer360.Core.Storage;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Customer360.Tests.Storage;

public sealed class StoreOutageTests
{
    [Fact]
    public void A_write_refused_because_another_process_holds_the_sqlite_lock_is_an_outage()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("c360-outage-").FullName, "t.db");
        var cs = new SqliteConnectionStringBuilder { DataSource = path, Pooling = false, DefaultTimeout = 1 }.ToString(); // gives up busy after 1 s
        using var holder = new SqliteConnection(cs);
        holder.Open();
        Exec(holder, "PRAGMA journal_mode = WAL; CREATE TABLE t (x)");
        using var tx = holder.BeginTransaction(deferred: false);
        using var other = new SqliteConnection(cs);
        other.Open();

        var busy = Assert.Throws<SqliteException>(() => Exec(other, "INSERT INTO t VALUES (1)"));

        Assert.True(StoreOutage.Is(busy));
        Assert.True(StoreOutage.Is(new InvalidOperationException("wrapped", busy)));
    }

    [Fact]
    public void A_constraint_violation_or_a_value_postgres_refuses_is_not_an_outage()
    {
        Assert.False(StoreOutage.Is(new SqliteException("UNIQUE constraint failed", 19)));
        Assert.False(StoreOutage.Is(new PostgresException("invalid input syntax", "ERROR", "ERROR", "22P02")));
        Assert.False(StoreOutage.Is(new IOException("a message-specific failure")));
    }

    [Theory]
    [InlineData("53100")] // disk full
    [InlineData("57P01")] // admin shutdown
    [InlineData("08006")] // connection failure
    public void PostgreSQL_resource_shutdown_and_connection_errors_are_outages(string sqlState) =>
        Assert.True(StoreOutage.Is(new PostgresException("x", "FATAL", "FATAL", sqlState)));

    [Fact]
    public void A_full_sqlite_disk_and_a_lost_postgres_connection_are_outages()
    {
        Assert.True(StoreOutage.Is(new SqliteException("database or disk is full", 13)));
        Assert.True(StoreOutage.Is(new NpgsqlException("Exception while reading from stream", new IOException("reset"))));
    }

    private static void Exec(SqliteConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }
}
