using System.CommandLine;
using System.Runtime.InteropServices;
using Customer360.Ingestion.Kafka;

namespace Customer360.Cli.Commands;

/// <summary>
/// `c360 dev-services kafka`: a local Kafka (librdkafka's mock cluster) for the demo, tests and benchmarks.
/// Prints `KAFKA_BOOTSTRAP_SERVERS=...` and runs until stdin closes, SIGTERM or Ctrl+C.
/// </summary>
internal static class DevServicesCommand
{
    public static Command Create()
    {
        var brokers = new Option<int>("--brokers") { Description = "Number of brokers", DefaultValueFactory = _ => 1 };
        var topics = new Option<string[]>("--topic")
        {
            Description = "Topic to create as name:partitions (repeatable); default: the seeds' topics",
            AllowMultipleArgumentsPerToken = true,
        };
        var ignoreStdin = new Option<bool>("--ignore-stdin") { Description = "Do not stop when stdin closes (for `&` in scripts)" };
        var kafka = new Command("kafka", "Start a local Kafka mock cluster (librdkafka) and print its bootstrap servers") { brokers, topics, ignoreStdin };
        kafka.SetAction(async (parse, ct) =>
        {
            var wanted = parse.GetValue(topics) is { Length: > 0 } given ? given.Select(ParseTopic).ToList() : DefaultTopics;
            using var cluster = MockCluster.Start(parse.GetValue(brokers), wanted);
            Console.WriteLine($"KAFKA_BOOTSTRAP_SERVERS={cluster.BootstrapServers}");
            Console.WriteLine($"topics: {string.Join(", ", wanted.Select(t => $"{t.Topic}:{t.Partitions}"))}");
            Console.Out.Flush();

            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, ctx =>
            {
                ctx.Cancel = true;
                stop.Cancel();
            });
            var stdinClosed = parse.GetValue(ignoreStdin)
                ? Task.Delay(Timeout.Infinite, stop.Token)
                : Task.Run(async () =>
                {
                    while (await Console.In.ReadLineAsync(stop.Token) is not null)
                    {
                    }
                }, stop.Token);
            await Task.WhenAny(stdinClosed, Task.Delay(Timeout.Infinite, stop.Token));
            return 0;
        });

        return new Command("dev-services", "Local brokers for development and tests") { kafka };
    }

    private static readonly List<(string Topic, int Partitions)> DefaultTopics =
    [
        ("customer-events", 6),
        ("crm.customer360.profile.created", 6),
        ("crm.customer360.profile.updated", 6),
        ("crm.customer360.profile.merged", 6),
        ("crm.customer360.consent.updated", 3),
    ];

    private static (string Topic, int Partitions) ParseTopic(string spec)
    {
        var colon = spec.LastIndexOf(':');
        return colon > 0 && int.TryParse(spec[(colon + 1)..], out var n) && n > 0
            ? (spec[..colon], n)
            : throw new ArgumentException($"--topic wants name:partitions, got '{spec}'");
    }
}
