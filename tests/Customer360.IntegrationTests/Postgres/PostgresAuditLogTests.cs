using Customer360.Core.Profiles;
using Customer360.Core.Storage.Audit;
using Customer360.Core.Storage.Postgres;
using Npgsql;

namespace Customer360.IntegrationTests.Postgres;

/// <summary>The audit log is append-only in PostgreSQL itself: a raw connection cannot change, delete or truncate it.</summary>
[Collection(PostgresGroup.Name)]
public sealed class PostgresAuditLogTests(PostgresCluster cluster)
{
    [Theory]
    [InlineData("UPDATE audit_log SET actor = 'someone else'")]
    [InlineData("DELETE FROM audit_log")]
    [InlineData("TRUNCATE audit_log")]
    public async Task A_raw_connection_cannot_change_delete_or_truncate_audit_entries(string sql)
    {
        var db = await cluster.CreateDatabaseAsync();
        await using (var store = new PostgresProfileStore(new PostgresOptions { ConnectionString = db }, new ProjectionOptions()))
        {
            await store.InitializeAsync(default);
            await store.AppendAuditAsync(AuditEntry.Create("tester", "t1", AuditActions.Merge, "A"), default);
        }

        await using var c = new NpgsqlConnection(db);
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, c);
        var ex = await Assert.ThrowsAsync<PostgresException>(() => cmd.ExecuteNonQueryAsync());
        Assert.Contains("append-only", ex.MessageText, StringComparison.Ordinal);
        await using var read = new NpgsqlCommand("SELECT count(*)::int, min(actor) FROM audit_log", c);
        await using var r = await read.ExecuteReaderAsync();
        await r.ReadAsync();
        Assert.Equal((1, "tester"), (r.GetInt32(0), r.GetString(1)));
    }
}
