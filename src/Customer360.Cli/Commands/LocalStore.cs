using Customer360.Core.Dialects;
using Customer360.Core.Ingestion;
using Customer360.Core.Storage;
using Customer360.Ingestion;
using Customer360.Ingestion.Files;
using Customer360.Server.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Customer360.Cli.Commands;

/// <summary>
/// The store and ingestion pipeline opened straight on a database file, for commands that work offline
/// (import, replay, dead letters, stats). Same wiring as the server, so the same rules apply.
/// </summary>
internal sealed class LocalStore : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private LocalStore(ServiceProvider services) => _services = services;

    public IProfileStore Store => _services.GetRequiredService<IProfileStore>();
    public EventParser Parser => _services.GetRequiredService<EventParser>();
    public JsonlImporter Importer => _services.GetRequiredService<JsonlImporter>();
    public ReplayService Replay => _services.GetRequiredService<ReplayService>();
    public DeadLetterService DeadLetters => _services.GetRequiredService<DeadLetterService>();
    public IServiceProvider Services => _services;

    /// <summary>Opens the configured store (Storage:Provider, from env/config; `settings` override), migrating its schema.</summary>
    public static async Task<LocalStore> OpenAsync(string dbPath, CancellationToken cancellationToken, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var configuration = new ConfigurationBuilder()
            .AddEnvironmentVariables()
            .AddSeedEnvironmentVariables()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Storage:Path"] = dbPath })
            .AddInMemoryCollection(settings ?? new Dictionary<string, string?>())
            .Build();
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            // Warnings go to stderr: a failure the command recovered from (an import's transaction rolled back and
            // written again) is still something its user should hear of.
            .AddLogging(logging => logging
                .SetMinimumLevel(LogLevel.Warning)
                .AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace)
                .AddSimpleConsole(o => o.SingleLine = true))
            .AddProfileStore(configuration)
            .AddIngestion(configuration)
            .BuildServiceProvider();
        var local = new LocalStore(services);
        await local.Store.InitializeAsync(cancellationToken);
        return local;
    }

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
