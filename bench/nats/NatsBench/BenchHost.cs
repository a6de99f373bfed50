using Customer360.Core.Storage;
using Customer360.Ingestion;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Customer360.Bench.Nats;

/// <summary>The real pipeline in-process: NatsEventSource -> IEventIngestor -> SQLite, as `c360 serve` wires it.</summary>
public sealed class BenchHost(IHost host, string dir) : IAsyncDisposable
{
    public IServiceProvider Services => host.Services;

    public static async Task<BenchHost> StartAsync(string url, bool? jetStream, string durable, int capacity, string stream = "CUSTOMER_EVENTS", string subjects = "customer.events.>")
    {
        var dir = Directory.CreateTempSubdirectory("c360-nats-bench-db-").FullName;
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Path"] = Path.Combine(dir, "bench.db"),
            ["Nats:Enabled"] = jetStream is null ? "false" : "true", // null: the store alone, no source
            ["Nats:Servers"] = url,
            ["Nats:JetStream"] = jetStream == true ? "true" : "false",
            ["Nats:Durable"] = durable,
            ["Nats:Stream"] = stream,
            ["Nats:Subjects"] = subjects,
            ["Nats:SubscriptionCapacity"] = capacity.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        builder.Services.AddProfileStore(builder.Configuration);
        builder.Services.AddIngestion(builder.Configuration);
        var host = builder.Build();
        await host.StartAsync();
        if (jetStream == false)
        {
            await Task.Delay(500); // core subscriptions must exist before publishing starts (bench only)
        }

        return new BenchHost(host, dir);
    }

    public async Task WaitForEventsAsync(long count)
    {
        var store = host.Services.GetRequiredService<IProfileStore>();
        while ((await store.GetStatsAsync(CancellationToken.None)).Events < count)
        {
            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await host.StopAsync();
        host.Dispose();
        Directory.Delete(dir, recursive: true);
    }
}
