using Customer360.Core.Ingestion;
using Customer360.Ingestion.Kafka.Avro;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Customer360.Ingestion.Kafka;

public static class KafkaServiceCollectionExtensions
{
    /// <summary>Registers the Kafka source (and its health) when Kafka:Enabled is true.</summary>
    public static IServiceCollection AddKafkaSource(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<KafkaOptions>().BindConfiguration(KafkaOptions.Section)
            .Validate(o => !o.Enabled || !string.IsNullOrWhiteSpace(o.BootstrapServers), "Kafka:BootstrapServers is required")
            .Validate(o => !o.Enabled || o.TopicList().Count > 0, "Kafka:Topics needs at least one topic")
            .Validate(o => o.BatchSize > 0, "Kafka:BatchSize must be positive")
            .Validate(o => o.WritesInFlight > 0, "Kafka:WritesInFlight must be positive")
            .Validate(o => o.BatchesWaiting > 0, "Kafka:BatchesWaiting must be positive")
            .Validate(o => o.MaxTransactionEvents > 0, "Kafka:MaxTransactionEvents must be positive")
            .Validate(o => o.QueueMaxKbytes > 0, "Kafka:QueueMaxKbytes must be positive")
            .Validate(o => o.ReservedClientKey() is null, "Kafka:Client may not set enable.auto.offset.store or enable.auto.commit (offsets are stored after the store commits, and auto-commit sends them), group.id, bootstrap.servers or dotnet.* (use Kafka:GroupId and Kafka:BootstrapServers)")
            .ValidateOnStart();
        if (!configuration.GetValue<bool>($"{KafkaOptions.Section}:Enabled"))
        {
            return services;
        }

        services.AddSingleton(sp => new AvroSchemaResolver(sp.GetRequiredService<IOptions<KafkaOptions>>().Value));
        services.AddSingleton(sp => new KafkaRecordDecoder(sp.GetRequiredService<IOptions<KafkaOptions>>().Value, sp.GetRequiredService<AvroSchemaResolver>()));
        services.AddSingleton<KafkaEventSource>();
        services.AddHostedService(sp => sp.GetRequiredService<KafkaEventSource>());
        services.AddSingleton<ISourceHealth>(sp => sp.GetRequiredService<KafkaEventSource>());
        return services;
    }
}
