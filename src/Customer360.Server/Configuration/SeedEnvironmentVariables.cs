namespace Customer360.Server.Configuration;

/// <summary>
/// The environment variable names the seed documents give users (NATS_ENABLED, KAFKA_BOOTSTRAP_SERVERS, ...)
/// mapped onto our configuration keys, so an existing .env keeps working. ASP.NET's own `Section__Key`
/// variables and appsettings still apply; these only fill keys they name.
/// </summary>
public static class SeedEnvironmentVariables
{
    private static readonly (string Variable, string Key)[] Map =
    [
        ("C360_DB_PATH", "Storage:Path"),
        ("NATS_SUMMARIZE_THRESHOLD", "Projection:SummarizeThreshold"),
        ("NATS_AUTO_CREATE_CUSTOMER", "Projection:AutoCreateCustomers"),
        ("NATS_ENABLED", "Nats:Enabled"),
        ("NATS_SERVERS", "Nats:Servers"),
        ("NATS_SUBJECTS", "Nats:Subjects"),
        ("NATS_QUEUE_GROUP", "Nats:QueueGroup"),
        ("NATS_JETSTREAM", "Nats:JetStream"),
        ("KAFKA_ENABLED", "Kafka:Enabled"),
        ("KAFKA_BOOTSTRAP_SERVERS", "Kafka:BootstrapServers"),
        ("KAFKA_TOPICS", "Kafka:Topics"),
        ("KAFKA_GROUP_ID", "Kafka:GroupId"),
        ("RABBITMQ_ENABLED", "RabbitMq:Enabled"),
        ("RABBITMQ_URL", "RabbitMq:Url"),
        ("RABBITMQ_EXCHANGE", "RabbitMq:Exchange"),
        ("RABBITMQ_QUEUE", "RabbitMq:Queue"),
        ("RABBITMQ_BINDINGS", "RabbitMq:Bindings"),
    ];

    public static IConfigurationBuilder AddSeedEnvironmentVariables(this IConfigurationBuilder builder)
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (variable, key) in Map)
        {
            if (Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value)
            {
                values[key] = value;
            }
        }

        return builder.AddInMemoryCollection(values);
    }
}
