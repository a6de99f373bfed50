using System.Text;
using Confluent.Kafka;
using Customer360.Ingestion.Kafka;
using Customer360.IntegrationTests.Infrastructure;
using Xunit;

namespace Customer360.IntegrationTests.Kafka;

/// <summary>
/// One librdkafka mock cluster (3 brokers) for the Kafka tests, started as `c360 dev-services kafka` in a
/// child process; each test owns its topics so tests do not see each other's events.
/// </summary>
public sealed class KafkaFixture : IAsyncLifetime
{
    public static readonly string[] CrmTopics =
    [
        "crm.customer360.profile.created", "crm.customer360.profile.updated",
        "crm.customer360.profile.merged", "crm.customer360.consent.updated",
    ];

    private ExternalProcess? _cluster;
    private IProducer<string?, byte[]>? _producer;

    public string Bootstrap { get; private set; } = "";

    public IProducer<string?, byte[]> Producer => _producer ??= new ProducerBuilder<string?, byte[]>(
        new ProducerConfig { BootstrapServers = Bootstrap, LingerMs = 5, EnableIdempotence = false, Acks = Acks.All }).Build();

    public async Task InitializeAsync()
    {
        KafkaNative.EnsureLoaded();
        var topics = new[] { "customer-events:3", "poison:2", "split:8", "crash:8", "pgscale:9", "fuzz:4" }.Concat(CrmTopics.Select(t => t + ":3"));
        _cluster = ExternalProcess.Start("dotnet", [Path.Combine(AppContext.BaseDirectory, "c360.dll"), "dev-services", "kafka", "--brokers", "3", "--topic", .. topics]);
        var output = await Poll.UntilAsync(() => Task.FromResult(_cluster.HasExited ? throw new InvalidOperationException(_cluster.Output) : _cluster.Output),
            o => o.Contains("topics:", StringComparison.Ordinal), TimeSpan.FromSeconds(60), "the Kafka mock cluster to print its bootstrap");
        Bootstrap = output.Split('\n').First(l => l.StartsWith("KAFKA_BOOTSTRAP_SERVERS=", StringComparison.Ordinal)).Split('=')[1].Trim();
    }

    /// <summary>`c360 serve` consuming the given topics as group <paramref name="group"/>.</summary>
    public Task<ServiceProcess> StartServiceAsync(string topics, string group, IDictionary<string, string?>? extra = null, string? dbPath = null)
    {
        var env = new Dictionary<string, string?>
        {
            ["KAFKA_ENABLED"] = "true",
            ["KAFKA_BOOTSTRAP_SERVERS"] = Bootstrap,
            ["KAFKA_TOPICS"] = topics,
            ["KAFKA_GROUP_ID"] = group,
            ["Kafka__SessionTimeoutMs"] = "6000",
            ["Logging__LogLevel__Default"] = "Warning",
            ["Logging__LogLevel__Customer360"] = "Information",
        };
        foreach (var (k, v) in extra ?? new Dictionary<string, string?>())
        {
            env[k] = v;
        }

        return ServiceProcess.StartAsync(env, dbPath);
    }

    public async Task ProduceAsync(string topic, string? key, byte[] value) =>
        await Producer.ProduceAsync(topic, new Message<string?, byte[]> { Key = key, Value = value });

    public Task ProduceAsync(string topic, string? key, string json) => ProduceAsync(topic, key, Encoding.UTF8.GetBytes(json));

    /// <summary>Produces many messages and waits until the brokers acknowledged all of them.</summary>
    public void ProduceMany(string topic, IEnumerable<(string Key, string Json)> messages)
    {
        var failed = 0;
        foreach (var (key, json) in messages)
        {
            Producer.Produce(topic, new Message<string?, byte[]> { Key = key, Value = Encoding.UTF8.GetBytes(json) }, r =>
            {
                if (r.Error.IsError)
                {
                    Interlocked.Increment(ref failed);
                }
            });
        }

        Assert.Equal(0, Producer.Flush(TimeSpan.FromSeconds(60)));
        Assert.Equal(0, failed);
    }

    public static async Task<long> EventCountAsync(ServiceProcess service) =>
        (await service.GetJsonAsync("/api/stats"))!.Value.GetProperty("events").GetInt64();

    public Task DisposeAsync()
    {
        _producer?.Dispose();
        _cluster?.KillHard();
        return Task.CompletedTask;
    }
}
