using Customer360.Cli.Publishing;
using Customer360.IntegrationTests.Infrastructure;

namespace Customer360.IntegrationTests.RabbitMq;

/// <summary>The producers users run against RabbitMQ: pika, npm amqplib, and our own publisher for volume.</summary>
internal static class RabbitProducers
{
    public static string Client(string file) => Path.Combine(AppContext.BaseDirectory, "clients", file);

    public static Task<string> PikaAsync(string url, string exchange, string jsonl) =>
        ExternalProcess.RunAsync("/usr/bin/python3", [Client("rabbitmq_publish.py"), url, exchange, jsonl]);

    public static Task<string> AmqplibAsync(string url, string exchange, string jsonl) =>
        ExternalProcess.RunAsync("node", [Client("rabbitmq-publish.js"), url, exchange, jsonl],
            new Dictionary<string, string?> { ["NODE_PATH"] = NodeModules() });

    /// <summary>Publishes with confirms; returns once the broker holds every message.</summary>
    public static async Task PublishAsync(string url, string exchange, IEnumerable<(string RoutingKey, byte[] Body)> messages)
    {
        await using var publisher = new RabbitMqPublisher(url, exchange);
        await publisher.PublishAsync([.. messages.Select(m => new PublishMessage(m.Body, "any", "", m.RoutingKey))], CancellationToken.None);
    }

    /// <summary>npm installs the clients next to the sources (scripts/install-prerequisites.sh), not in bin/.</summary>
    private static string NodeModules()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "clients", "node_modules");
            if (Directory.Exists(Path.Combine(candidate, "amqplib")))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("npm amqplib is not installed: run scripts/install-prerequisites.sh");
    }
}
