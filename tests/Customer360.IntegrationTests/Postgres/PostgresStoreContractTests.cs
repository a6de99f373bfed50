using Customer360.Core.Profiles;
using Customer360.Core.Storage;
using Customer360.Core.Storage.Postgres;
using Customer360.Tests.Storage;

namespace Customer360.IntegrationTests.Postgres;

/// <summary>The store contract suite, unchanged, on PostgreSQL: each test on a database of its own.</summary>
[Collection(PostgresGroup.Name)]
public sealed class PostgresStoreContractTests(PostgresCluster cluster) : ProfileStoreContract
{
    protected override async Task<IProfileStore> CreateStoreAsync(ProjectionOptions options)
    {
        var store = new PostgresProfileStore(new PostgresOptions { ConnectionString = await cluster.CreateDatabaseAsync() }, options);
        await store.InitializeAsync(default);
        return store;
    }
}
