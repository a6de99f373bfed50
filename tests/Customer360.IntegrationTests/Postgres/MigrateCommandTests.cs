using Customer360.IntegrationTests.Infrastructure;
using Npgsql;

namespace Customer360.IntegrationTests.Postgres;

/// <summary>`c360 migrate` creates the PostgreSQL schema of an empty database, and running it again changes nothing.</summary>
[Collection(PostgresGroup.Name)]
public sealed class MigrateCommandTests(PostgresCluster cluster)
{
    [Fact]
    public async Task Migrate_creates_the_schema_once_and_is_idempotent()
    {
        var db = await cluster.CreateDatabaseAsync();
        var dll = Path.Combine(AppContext.BaseDirectory, "c360.dll");
        string[] args = [dll, "migrate", "--provider", "postgres", "--connection-string", db];

        var first = await ExternalProcess.RunAsync("dotnet", args);
        var second = await ExternalProcess.RunAsync("dotnet", args, new Dictionary<string, string?> { ["NO_COLOR"] = "1" });

        Assert.Contains("schema is at version 2", first, StringComparison.Ordinal);
        Assert.Contains("schema is at version 2", second, StringComparison.Ordinal);
        await using var c = new NpgsqlConnection(db);
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT count(*) FROM schema_version", c);
        Assert.Equal(2L, await cmd.ExecuteScalarAsync()); // v1 tables, v2 audit log
        await using var tables = new NpgsqlCommand("SELECT count(*) FROM information_schema.tables WHERE table_name IN ('events', 'customers', 'timeline')", c);
        Assert.Equal(3L, await tables.ExecuteScalarAsync());
    }
}
