using Customer360.Core.Profiles;
using Customer360.Core.Storage.Sqlite;

namespace Customer360.Tests.Storage;

/// <summary>A store on a SQLite file, migrated and ready (as PostgresStores does for the PostgreSQL tests).</summary>
internal static class SqliteStores
{
    public static async Task<SqliteProfileStore> OpenAsync(string path)
    {
        var store = new SqliteProfileStore(new SqliteOptions { Path = path }, new ProjectionOptions());
        await store.InitializeAsync(default);
        return store;
    }
}
