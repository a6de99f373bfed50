using Customer360.Core.Profiles;
using Customer360.Core.Storage;
using Customer360.Core.Storage.Postgres;
using Customer360.Tests.Storage;

namespace Customer360.IntegrationTests.Postgres;

/// <summary>The store contract suite, unchanged, on PostgreSQL: each test on a database of its own.</summary>
[Collection(PostgresGroup.Name)]
public sealed class PostgresStoreContractTests(PostgresCluster cluster) : ProfileStoreContract
{
    private readonly Dictionary<IProfileStore, string> _connectionStrings = [];

    protected override async Task<IProfileStore> CreateStoreAsync(ProjectionOptions options) => await OpenAsync(await cluster.CreateDatabaseAsync(), options);

    protected override Task<IProfileStore> OpenSameDataAsync(IProfileStore store, ProjectionOptions options) => OpenAsync(_connectionStrings[store], options);

    private async Task<IProfileStore> OpenAsync(string connectionString, ProjectionOptions options)
    {
        var store = new PostgresProfileStore(new PostgresOptions { ConnectionString = connectionString }, options);
        await store.InitializeAsync(default);
        _connectionStrings[store] = connectionString;
        return store;
    }
}
