using Customer360.Core.Profiles;
using Customer360.Core.Storage;
using Customer360.Core.Storage.Sqlite;

namespace Customer360.Tests.Storage;

/// <summary>The store contract on the embedded SQLite store, each test on its own file.</summary>
public sealed class SqliteStoreContractTests : ProfileStoreContract
{
    protected override async Task<IProfileStore> CreateStoreAsync(ProjectionOptions options)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("c360-store-").FullName, "customer360.db");
        var store = new SqliteProfileStore(new SqliteOptions { Path = path }, options);
        await store.InitializeAsync(default);
        return store;
    }

    protected override async Task<IProfileStore> OpenSameDataAsync(IProfileStore store, ProjectionOptions options)
    {
        var reopened = new SqliteProfileStore(new SqliteOptions { Path = ((SqliteProfileStore)store).DatabasePath }, options);
        await reopened.InitializeAsync(default);
        return reopened;
    }
}
