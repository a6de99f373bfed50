using Confluent.Kafka;
using Customer360.Ingestion.Kafka;
using Microsoft.Extensions.Configuration;

namespace Customer360.Cli.Publishing;

/// <summary>
/// Produces to Kafka as the seed producers do, keyed by customer id so one customer's events stay in order
/// on one partition. Dialects go to their seed topics: crm-domain to crm.customer360.*, the rest to customer-events.
/// </summary>
public sealed class KafkaPublisher : IEventPublisher
{
    private readonly IProducer<string?, byte[]> _producer;
    /// <param name="bootstrapServers">host:port list.</param>
    /// <param name="settings">Kafka settings as `serve` takes them: their Client properties (a secured cluster's SASL/TLS) are applied after ours.</param>
    public KafkaPublisher(string bootstrapServers, KafkaOptions settings)
    {
        KafkaNative.EnsureLoaded();
        var config = new ProducerConfig
        {
            BootstrapServers = bootstrapServers,
            Acks = Acks.All,
            EnableIdempotence = false, // the mock cluster used for demos and tests does not do idempotent producers
            LingerMs = 5,
        };
        settings.ApplyClientTo(config);
        _producer = new ProducerBuilder<string?, byte[]>(config).Build();
    }

    /// <summary>The Kafka settings of the environment (Kafka__Client__sasl_username=...), bound as `serve` binds them.</summary>
    public static KafkaOptions SettingsFromEnvironment() =>
        new ConfigurationBuilder().AddEnvironmentVariables().Build().GetSection(KafkaOptions.Section).Get<KafkaOptions>() ?? new KafkaOptions();

    public async Task PublishAsync(IReadOnlyList<PublishMessage> messages, CancellationToken cancellationToken)
    {
        var sends = messages.Select(m => _producer.ProduceAsync(TopicFor(m),
            new Message<string?, byte[]> { Key = m.CustomerId, Value = m.Body }, cancellationToken));
        var results = await Task.WhenAll(sends);
        foreach (var r in results)
        {
            Console.WriteLine($"{r.Topic}/{r.Partition.Value}@{r.Offset.Value}");
        }
    }

    public static string TopicFor(PublishMessage message) => message.Dialect != "crm-domain" ? "customer-events" : message.EventType switch
    {
        "CustomerMergedEvent" => "crm.customer360.profile.merged",
        "ConsentUpdatedEvent" => "crm.customer360.consent.updated",
        "CustomerProfileUpdatedEvent" => "crm.customer360.profile.updated",
        _ => "crm.customer360.profile.created",
    };

    public ValueTask DisposeAsync()
    {
        _producer.Flush(TimeSpan.FromSeconds(10));
        _producer.Dispose();
        return ValueTask.CompletedTask;
    }
}
