using System.Diagnostics;
using System.Globalization;
using System.Text;
using Customer360.Bench.RabbitMq;
using Customer360.Cli.Publishing;
using Customer360.Core.Events;
using Customer360.Core.Ingestion;
using Customer360.Core.Storage;
using Customer360.Ingestion;
using Customer360.IntegrationTests.RabbitMq;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

// dotnet run -c Release --project bench/rabbitmq -- [messages=100000] [rounds=3] [batch=500]
var n = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100_000;
var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
var batchSize = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 500;
var prefetch = (ushort)Math.Min(ushort.MaxValue, Math.Max(2000, batchSize * 2));

await using var node = await RabbitMqNode.StartAsync();
AppDomain.CurrentDomain.ProcessExit += (_, _) => node.StopAsync().GetAwaiter().GetResult(); // Ctrl+C / kill: no node left behind
Console.WriteLine($"RabbitMQ node {node.NodeName} on port {node.Port}; {n} messages per run, {rounds} rounds, prefetch {prefetch}, batch {batchSize}");
var factory = new ConnectionFactory { Uri = new Uri(node.AmqpUrl) };
var results = new List<(double Raw, double EndToEnd, double StoreOnly)>();
for (var round = 1; round <= rounds; round++)
{
    var exchange = $"bench{round}";
    string raw = $"raw{round}", c360 = $"c360{round}";
    await using (var connection = await factory.CreateConnectionAsync())
    await using (var channel = await connection.CreateChannelAsync())
    {
        await channel.ExchangeDeclareAsync(exchange, ExchangeType.Topic, durable: true);
        var arguments = new Dictionary<string, object?> { ["x-dead-letter-exchange"] = exchange + ".dlx" }; // as the source declares it
        foreach (var queue in new[] { raw, c360 })
        {
            await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false, arguments);
            await channel.QueueBindAsync(queue, exchange, "loyalty.#");
        }
    }

    // the same N persistent messages land in both queues
    await using (var publisher = new RabbitMqPublisher(node.AmqpUrl, exchange))
    {
        await publisher.PublishAsync(Messages(round, n), CancellationToken.None);
    }

    var rawRate = await RawConsumeAsync(factory, raw, n, prefetch);
    var e2eRate = await EndToEndAsync(node.AmqpUrl, exchange, c360, n, batchSize, prefetch);
    var storeRate = await StoreOnlyAsync(Messages(round, n), batchSize);
    results.Add((rawRate, e2eRate, storeRate));
    Console.WriteLine($"round {round}: raw consume+ack {rawRate,8:N0} msg/s | RabbitMQ -> SQLite {e2eRate,8:N0} msg/s | same batches straight into the ingestor {storeRate,8:N0} msg/s");
}

double Median(Func<(double Raw, double EndToEnd, double StoreOnly), double> pick) => results.Select(pick).Order().ElementAt(rounds / 2);
var (mRaw, mE2e, mStore) = (Median(r => r.Raw), Median(r => r.EndToEnd), Median(r => r.StoreOnly));
Console.WriteLine($"median:  raw consume+ack {mRaw,8:N0} msg/s | RabbitMQ -> SQLite {mE2e,8:N0} msg/s | ingestor alone {mStore,8:N0} msg/s");
Console.WriteLine($"ratios:  end to end / raw consume = {mE2e / mRaw:0.00};  end to end / ingestor alone = {mE2e / mStore:0.00}");
return 0;

static List<PublishMessage> Messages(int round, int n) => [.. Enumerable.Range(0, n).Select(i =>
{
    var at = new DateTime(2025, 11, 24, 0, 0, 0, DateTimeKind.Utc).AddMilliseconds(i).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
    var json = $$$"""{"event":"loyalty.points.earned","version":"1.0","timestamp":"{{{at}}}","organization_id":"org_bench","data":{"customer_id":"cust_{{{i % 5000}}}","transaction_id":"txn_{{{round}}}_{{{i}}}","points_earned":{{{i % 7 + 1}}},"points_balance":{{{i}}},"tier":"silver","reference_type":"purchase","reference_id":"order_{{{i}}}"}}""";
    return new PublishMessage(Encoding.UTF8.GetBytes(json), "customer-service", "", "loyalty.points.earned");
})];

// The reference: a plain consumer with the same prefetch that only acks each message.
static async Task<double> RawConsumeAsync(ConnectionFactory factory, string queue, int n, ushort prefetch)
{
    await using var connection = await factory.CreateConnectionAsync();
    await using var channel = await connection.CreateChannelAsync();
    await channel.BasicQosAsync(0, prefetch, global: false);
    var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    var count = 0;
    var first = 0L;
    var consumer = new AsyncEventingBasicConsumer(channel);
    consumer.ReceivedAsync += async (_, ea) =>
    {
        if (first == 0)
        {
            first = Stopwatch.GetTimestamp();
        }

        await channel.BasicAckAsync(ea.DeliveryTag, multiple: false);
        if (++count == n)
        {
            done.TrySetResult();
        }
    };
    await channel.BasicConsumeAsync(queue, autoAck: false, consumer);
    await done.Task;
    return n / Stopwatch.GetElapsedTime(first).TotalSeconds; // first delivery to last ack, like ours below
}

// Ours: the real RabbitMqEventSource, ingestor and SQLite store in a host; timed from the first message written until all N are
// committed (the raw consumer likewise from its first delivery), and from host start for the record.
static async Task<double> EndToEndAsync(string url, string exchange, string queue, int n, int batchSize, ushort prefetch)
{
    var dir = Directory.CreateTempSubdirectory("c360-bench-").FullName;
    var builder = Host.CreateApplicationBuilder();
    builder.Logging.SetMinimumLevel(LogLevel.Warning);
    builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["Storage:Path"] = Path.Combine(dir, "bench.db"),
        ["RabbitMq:Enabled"] = "true",
        ["RabbitMq:Url"] = url,
        ["RabbitMq:Exchange"] = exchange,
        ["RabbitMq:Queue"] = queue,
        ["RabbitMq:Bindings"] = "loyalty.#",
        ["RabbitMq:Prefetch"] = prefetch.ToString(CultureInfo.InvariantCulture),
        ["RabbitMq:BatchSize"] = batchSize.ToString(CultureInfo.InvariantCulture),
    });
    builder.Services.AddProfileStore(builder.Configuration);
    builder.Services.AddIngestion(builder.Configuration);
    builder.Services.AddSingleton(sp => new CountingIngestor(sp.GetRequiredService<EventIngestor>(), n));
    builder.Services.AddSingleton<IEventIngestor>(sp => sp.GetRequiredService<CountingIngestor>());
    using var host = builder.Build();
    var counter = host.Services.GetRequiredService<CountingIngestor>();
    var clock = Stopwatch.StartNew();
    await host.StartAsync();
    await counter.Done.Task.WaitAsync(TimeSpan.FromMinutes(10));
    var withStart = clock.Elapsed;
    var elapsed = Stopwatch.GetElapsedTime(counter.FirstWrite); // first message written to last committed, like the raw consumer's clock
    Console.WriteLine($"  end to end {elapsed.TotalSeconds:0.00} s from the first message ({withStart.TotalSeconds:0.00} s from host start: {n / withStart.TotalSeconds:N0} msg/s), of which in the ingestor {counter.InIngestor.TotalSeconds:0.00} s");
    var stats = await host.Services.GetRequiredService<IProfileStore>().GetStatsAsync(CancellationToken.None);
    await host.StopAsync();
    if (stats.Events != n)
    {
        throw new InvalidOperationException($"store holds {stats.Events} events, expected {n}");
    }

    Directory.Delete(dir, recursive: true);
    return n / elapsed.TotalSeconds;
}

// The ceiling for any source: the same messages, in the same batch size, handed to the ingestor without a broker.
static async Task<double> StoreOnlyAsync(List<PublishMessage> messages, int batchSize)
{
    var dir = Directory.CreateTempSubdirectory("c360-bench-").FullName;
    var builder = Host.CreateApplicationBuilder();
    builder.Logging.SetMinimumLevel(LogLevel.Warning);
    builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Storage:Path"] = Path.Combine(dir, "bench.db") });
    builder.Services.AddProfileStore(builder.Configuration);
    builder.Services.AddIngestion(builder.Configuration);
    using var host = builder.Build();
    await host.StartAsync();
    var ingestor = host.Services.GetRequiredService<IEventIngestor>();
    var clock = Stopwatch.StartNew();
    foreach (var chunk in messages.Chunk(batchSize))
    {
        await ingestor.IngestAsync([.. chunk.Select(m => new RawMessage(m.Body, "rabbitmq", "rabbitmq:bench/loyalty.points.earned"))], CancellationToken.None);
    }

    var elapsed = clock.Elapsed;
    await host.StopAsync();
    Directory.Delete(dir, recursive: true);
    return messages.Count / elapsed.TotalSeconds;
}
