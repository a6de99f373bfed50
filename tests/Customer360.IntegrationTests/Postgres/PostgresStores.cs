using Customer360.Core.Profiles;
using Customer360.Core.Storage;
using Customer360.Core.Storage.Postgres;

namespace Customer360.IntegrationTests.Postgres;

/// <summary>What the store-level PostgreSQL tests share: a migrated store on a database, and parsed items to write.</summary>
internal static class PostgresStores
{
    public static async Task<PostgresProfileStore> OpenAsync(string connectionString)
    {
        var store = new PostgresProfileStore(new PostgresOptions { ConnectionString = connectionString }, new ProjectionOptions());
        await store.InitializeAsync(default);
        return store;
    }

    public static IngestItem Item(string json, string origin) => Customer360.Tests.Storage.TestItems.Parse(json, "test", origin);
}
