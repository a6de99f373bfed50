using Customer360.Core.Profiles;
using Customer360.Core.Storage.Audit;
using Customer360.Core.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace Customer360.Tests.Storage;

/// <summary>The audit log is append-only in the SQLite file itself, not only in our code.</summary>
public sealed class SqliteAuditLogTests
{
    [Theory]
    [InlineData("UPDATE audit_log SET actor = 'someone else'")]
    [InlineData("DELETE FROM audit_log")]
    [InlineData("DELETE FROM audit_log WHERE id = 1")]
    public async Task A_raw_connection_cannot_change_or_delete_audit_entries(string sql)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("c360-audit-").FullName, "customer360.db");
        await using (var store = new SqliteProfileStore(new SqliteOptions { Path = path }, new ProjectionOptions()))
        {
            await store.InitializeAsync(default);
            await store.AppendAuditAsync(AuditEntry.Create("tester", "t1", AuditActions.Merge, "A"), default);
        }

        using var c = new SqliteConnection($"Data Source={path};Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        var ex = Assert.Throws<SqliteException>(() => cmd.ExecuteNonQuery());
        Assert.Contains("append-only", ex.Message, StringComparison.Ordinal);
        cmd.CommandText = "INSERT INTO audit_log (at, actor, tenant, action) VALUES ('2026-01-01T00:00:00.0000000Z', 'x', 't1', 'customer.merge'); SELECT count(*), min(actor) FROM audit_log";
        using var r = cmd.ExecuteReader();
        r.Read();
        Assert.Equal((2L, "tester"), (r.GetInt64(0), r.GetString(1)));
    }

    [Fact]
    public async Task A_file_from_before_the_audit_log_gains_it_and_keeps_its_data()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("c360-audit-").FullName, "customer360.db");
        using (var c = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            c.Open();
            SqliteSchema.Migrate(c, target: 2);
            using var letter = c.CreateCommand();
            letter.CommandText = "INSERT INTO dead_letters (received_at, source, origin, reason, raw) VALUES ('2026-01-01T00:00:00.0000000Z', 't', 't', 'bad', x'7B7D')";
            letter.ExecuteNonQuery();
        }

        await using var reopened = await SqliteStores.OpenAsync(path);
        await reopened.AppendAuditAsync(AuditEntry.Create("tester", "t1", AuditActions.Erase, "erased-x"), default);
        Assert.Single(await reopened.ListAuditAsync(null, 10, null, default));
        Assert.Single(await reopened.ListDeadLettersAsync(10, null, default));
    }
}
