using System.Text;
using Confluent.Kafka;
using Customer360.Ingestion.Kafka;
using Customer360.IntegrationTests.Infrastructure;

namespace Customer360.IntegrationTests.Faults;

/// <summary>
/// A librdkafka mock cluster of its own (`c360 dev-services kafka`) with one topic of many partitions. Produced
/// without keys, like the seeds' Python producers: one customer's events land on every partition.
/// </summary>
public sealed class KafkaSoakBroker : ISoakBroker
{
    private const string Topic = "soak";
    private readonly ExternalProcess _cluster;
    private readonly string _bootstrap;

    private KafkaSoakBroker(ExternalProcess cluster, string bootstrap)
    {
        _cluster = cluster;
        _bootstrap = bootstrap;
    }

    public string Name => "kafka";

    public bool CanRestart => false;

    public IDictionary<string, string?> ServiceEnv => new Dictionary<string, string?>
    {
        ["KAFKA_ENABLED"] = "true",
        ["KAFKA_BOOTSTRAP_SERVERS"] = _bootstrap,
        ["KAFKA_TOPICS"] = Topic,
        ["KAFKA_GROUP_ID"] = "soak",
        ["Kafka__SessionTimeoutMs"] = "6000",
    };

    public static async Task<KafkaSoakBroker> StartAsync(int partitions)
    {
        KafkaNative.EnsureLoaded();
        var cluster = ExternalProcess.Start("dotnet", [Path.Combine(AppContext.BaseDirectory, "c360.dll"), "dev-services", "kafka", "--brokers", "3", "--topic", $"{Topic}:{partitions}"]);
        var output = await Poll.UntilAsync(() => Task.FromResult(cluster.HasExited ? throw new InvalidOperationException(cluster.Output) : cluster.Output),
            o => o.Contains("topics:", StringComparison.Ordinal), TimeSpan.FromSeconds(60), "the Kafka mock cluster to print its bootstrap");
        var bootstrap = output.Split('\n').First(l => l.StartsWith("KAFKA_BOOTSTRAP_SERVERS=", StringComparison.Ordinal)).Split('=')[1].Trim();
        return new KafkaSoakBroker(cluster, bootstrap);
    }

    public Task RestartAsync() => throw new NotSupportedException("the librdkafka mock cluster keeps its log in memory: it cannot restart with its data");

    public Task WaitServiceReadyAsync(ServiceProcess service) => Task.CompletedTask; // the consumer starts from the earliest offset

    public Task ProduceAsync(SoakEvents stream, CancellationToken cancellationToken) => Task.Run(() => Produce(stream, cancellationToken), cancellationToken);

    private void Produce(SoakEvents stream, CancellationToken cancellationToken)
    {
        using var producer = new ProducerBuilder<Null, byte[]>(new ProducerConfig { BootstrapServers = _bootstrap, LingerMs = 5, Acks = Acks.All }).Build();
        var failed = new List<int>();
        var pending = Enumerable.Range(0, stream.Count).ToList();
        while (pending.Count > 0)
        {
            failed.Clear();
            foreach (var i in pending)
            {
                cancellationToken.ThrowIfCancellationRequested();
                for (var wait = stream.DueIn(i); wait > TimeSpan.Zero; wait = stream.DueIn(i))
                {
                    producer.Poll(wait); // serves delivery reports while waiting for the rate (returns early after one)
                }

                ProduceOne(producer, stream, i, failed);
            }

            producer.Flush(cancellationToken);
            lock (failed)
            {
                pending = [.. failed]; // a delivery error: send those again (dedup makes a double harmless)
            }
        }
    }

    private static void ProduceOne(IProducer<Null, byte[]> producer, SoakEvents stream, int i, List<int> failed)
    {
        while (true)
        {
            try
            {
                producer.Produce(Topic, new Message<Null, byte[]> { Value = Encoding.UTF8.GetBytes(stream.Json(i)) }, report =>
                {
                    if (report.Error.IsError)
                    {
                        lock (failed)
                        {
                            failed.Add(i);
                        }
                    }
                    else
                    {
                        stream.MarkAcked(1);
                    }
                });
                return;
            }
            catch (ProduceException<Null, byte[]> ex) when (ex.Error.Code == ErrorCode.Local_QueueFull)
            {
                producer.Poll(TimeSpan.FromMilliseconds(100)); // the local queue is full: let deliveries drain
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        _cluster.KillHard();
        return _cluster.DisposeAsync();
    }
}
