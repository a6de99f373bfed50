using Customer360.Core.Dialects;
using Customer360.Core.Ingestion;
using Customer360.Ingestion.Files;
using Customer360.Ingestion.Kafka;
using Customer360.Ingestion.Nats;
using Customer360.Ingestion.RabbitMq;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Customer360.Ingestion;

public static class IngestionServiceCollectionExtensions
{
    /// <summary>
    /// The ingestion pipeline (dialects, ingestor, dead letters, replay, metrics, live feed) and every
    /// source enabled in configuration. Explicit registration: a new source adds one line here.
    /// </summary>
    public static IServiceCollection AddIngestion(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<IngestionOptions>().BindConfiguration(IngestionOptions.Section)
            .Validate(o => o.MaxEventBytes > 0, "Ingestion:MaxEventBytes must be positive")
            .ValidateOnStart();
        services.AddSingleton(sp => EventParser.CreateDefault(
            sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<IngestionOptions>>().Value.MaxEventBytes));
        services.AddSingleton<IngestMetrics>();
        services.AddSingleton<WriteGate>();
        services.AddSingleton<ChangeFeed>();
        services.AddSingleton<EventIngestor>();
        services.AddSingleton<IEventIngestor>(sp => sp.GetRequiredService<EventIngestor>());
        services.AddSingleton<DeadLetterService>();
        services.AddSingleton<ErasureService>();
        services.AddSingleton<ReplayService>();
        services.AddSingleton<JsonlImporter>();

        services.AddKafkaSource(configuration);
        services.AddNatsSource(configuration);
        services.AddRabbitMqSource(configuration);
        if (configuration.GetValue<bool>("Demo:LoadSamples"))
        {
            services.AddHostedService<SampleLoader>();
        }

        return services;
    }
}

public sealed class IngestionOptions
{
    public const string Section = "Ingestion";

    /// <summary>One event larger than this is dead-lettered (the HTTP body limit is separate: Api:MaxRequestBytes).</summary>
    public int MaxEventBytes { get; set; } = 1024 * 1024;
}
