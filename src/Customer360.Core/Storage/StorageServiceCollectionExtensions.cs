using Customer360.Core.Profiles;
using Customer360.Core.Storage.Postgres;
using Customer360.Core.Storage.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Customer360.Core.Storage;

public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>sqlite (embedded, default) or postgres.</summary>
    public string Provider { get; set; } = "sqlite";

    /// <summary>The SQLite file; default ~/.customer360/customer360.db.</summary>
    public string Path { get; set; } = SqliteOptions.DefaultPath;

    /// <summary>The PostgreSQL connection string (Npgsql syntax), when Provider is postgres.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>SQLite: rewrite the file after an erase so no stale page space keeps the erased data (see SqliteOptions).</summary>
    public bool SqliteVacuumOnErase { get; set; } = true;

    /// <summary>SQLite: profiles the writer keeps between batches (~1.7 KB each); fewer saves memory, more saves reads (see SqliteOptions).</summary>
    public int SqliteProfileCacheSize { get; set; } = new SqliteOptions().ProfileCacheSize;

    /// <summary>SQLite: the writer's page cache in MiB; less memory on a drain for more re-reads of index pages (see SqliteOptions).</summary>
    public int SqliteCacheMb { get; set; } = new SqliteOptions().CacheMb;
}

public static class StorageServiceCollectionExtensions
{
    /// <summary>Registers the configured IProfileStore and initialises its schema before any source starts.</summary>
    public static IServiceCollection AddProfileStore(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.Section)
            .Validate(o => o.Provider is "sqlite" or "postgres", "Storage:Provider must be 'sqlite' or 'postgres'")
            .Validate(o => o.Provider != "postgres" || !string.IsNullOrWhiteSpace(o.ConnectionString), "Storage:ConnectionString is required for the postgres provider")
            .Validate(o => o.SqliteProfileCacheSize >= 0, "Storage:SqliteProfileCacheSize must be 0 or more")
            .Validate(o => o.SqliteCacheMb > 0, "Storage:SqliteCacheMb must be positive")
            .ValidateOnStart();
        services.AddOptions<ProjectionOptions>().BindConfiguration(ProjectionOptions.Section)
            .Validate(o => o.SummarizeThreshold > 0, "Projection:SummarizeThreshold must be positive")
            .ValidateOnStart();
        services.AddOptions<Identity.IdentityOptions>().BindConfiguration(Identity.IdentityOptions.Section)
            .Validate(o => o.MaxIdentifiersPerKind > 0, "Identity:MaxIdentifiersPerKind must be positive")
            .ValidateOnStart();
        services.AddSingleton<IProfileStore>(sp =>
        {
            var storage = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
            var projection = sp.GetRequiredService<IOptions<ProjectionOptions>>().Value;
            var identity = sp.GetRequiredService<IOptions<Identity.IdentityOptions>>().Value;
            return storage.Provider == "postgres"
                ? new PostgresProfileStore(new PostgresOptions { ConnectionString = storage.ConnectionString! }, projection, identity, sp.GetService<ILogger<PostgresProfileStore>>())
                : new SqliteProfileStore(new SqliteOptions { Path = storage.Path, VacuumOnErase = storage.SqliteVacuumOnErase, ProfileCacheSize = storage.SqliteProfileCacheSize, CacheMb = storage.SqliteCacheMb }, projection, identity);
        });
        services.AddHostedService<StoreInitializer>();
        return services;
    }

    /// <summary>Registered before the sources, so the schema exists when they start consuming.</summary>
    private sealed class StoreInitializer(IProfileStore store) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => store.InitializeAsync(cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
