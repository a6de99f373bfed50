// NATS -> SQLite ingestion rate (core queue group and JetStream durable consumer) beside a raw subscriber
// (our client, no store) measured in the same run on the same nats-server. Usage: NatsBench [events]
using System.Diagnostics;
using System.Globalization;
using Customer360.Bench.Nats;
using Customer360.Core.Events;
using Customer360.Core.Ingestion;
using Customer360.Ingestion.Nats.Client;
using Customer360.Ingestion.Nats.JetStream;
using Microsoft.Extensions.DependencyInjection;

var count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100_000;
var events = Enumerable.Range(0, count).Select(i => BenchEvents.Make(i)).ToArray();
await using var server = await BenchServer.StartAsync();
Console.WriteLine($"nats-server 2.9.10 on {server.Url}; {count} events of ~{events[0].Body.Length} bytes; {Environment.ProcessorCount} cores");

// 0. the store alone: IEventIngestor in batches of 500, no NATS (what any source is bounded by)
var storeOnly = await Measure(async () =>
{
    await using var host = await BenchHost.StartAsync(server.Url, jetStream: null, durable: "none", 16);
    var ingestor = host.Services.GetRequiredService<IEventIngestor>();
    var sw = Stopwatch.StartNew();
    foreach (var chunk in events.Chunk(500))
    {
        await ingestor.IngestAsync(chunk.Select(e => new RawMessage(e.Body, "nats", "nats:customer.events." + e.Subject)).ToList(), CancellationToken.None);
    }

    return sw.Elapsed;
});

// 1. core, raw: our subscriber only counts
var rawCore = await Measure(async () =>
{
    await using var sub = await Connect(server.Url, 2 * count);
    await using var s = await sub.SubscribeAsync("raw.>");
    await sub.FlushAsync(CancellationToken.None);
    var sw = Stopwatch.StartNew();
    var publishing = PublishAll(server.Url, events, "raw.");
    for (var n = 0; n < count; n++)
    {
        await s.Messages.ReadAsync();
    }

    await publishing;
    return sw.Elapsed;
});

// 2. core -> NatsEventSource -> SQLite
var core = await Measure(async () =>
{
    await using var host = await BenchHost.StartAsync(server.Url, jetStream: false, durable: "core", 2 * count);
    var sw = Stopwatch.StartNew();
    await PublishAll(server.Url, events, "customer.events.");
    await host.WaitForEventsAsync(count);
    return sw.Elapsed;
});

// JetStream: the stream holds every event before the consumers start (the catch-up case)
await using (var nc = await Connect(server.Url, 1024))
{
    var js = new JetStreamContext(nc);
    await js.CreateOrUpdateStreamAsync(new JetStreamSettings { Stream = "BENCH", Subjects = ["bench.js.>"] }, CancellationToken.None);
    await PublishAll(server.Url, events, "bench.js.");
    while ((long?)(await js.ApiAsync("STREAM.INFO.BENCH", null, CancellationToken.None))["state"]?["messages"] < count)
    {
        await Task.Delay(50);
    }
}

// 3. JetStream, raw: fetch + ack, no store
var rawJs = await Measure(async () =>
{
    await using var nc = await Connect(server.Url, 4096);
    var js = new JetStreamContext(nc);
    await using var consumer = await js.CreateOrUpdateConsumerAsync(new JetStreamSettings { Stream = "BENCH", Subjects = ["bench.js.>"], Durable = "raw" }, 500, CancellationToken.None);
    var sw = Stopwatch.StartNew();
    for (var n = 0; n < count;)
    {
        var batch = await consumer.FetchAsync(500, TimeSpan.FromSeconds(1), CancellationToken.None);
        foreach (var m in batch)
        {
            await m.AckAsync(CancellationToken.None);
        }

        await nc.FlushAsync(CancellationToken.None);
        n += batch.Count;
    }

    return sw.Elapsed;
});

// 4. JetStream -> NatsEventSource -> SQLite (a fresh durable on the same stream)
var jetStream = await Measure(async () =>
{
    var sw = Stopwatch.StartNew();
    await using var host = await BenchHost.StartAsync(server.Url, jetStream: true, durable: "pipeline", 4096, stream: "BENCH", subjects: "bench.js.>");
    await host.WaitForEventsAsync(count);
    return sw.Elapsed;
});

Console.WriteLine();
Console.WriteLine("| path | events/s | vs raw NATS (same mode) | vs store alone |");
Console.WriteLine("|---|---:|---:|---:|");
Console.WriteLine($"| store alone: IngestAsync, batches of 500 (reference) | {count / storeOnly.TotalSeconds:N0} | - | 1.00 |");
Console.WriteLine($"| core, raw subscriber (reference) | {count / rawCore.TotalSeconds:N0} | 1.00 | - |");
Console.WriteLine($"| core -> NatsEventSource -> SQLite | {count / core.TotalSeconds:N0} | {rawCore / core:0.000} | {storeOnly / core:0.00} |");
Console.WriteLine($"| JetStream, raw fetch + ack (reference) | {count / rawJs.TotalSeconds:N0} | 1.00 | - |");
Console.WriteLine($"| JetStream -> NatsEventSource -> SQLite | {count / jetStream.TotalSeconds:N0} | {rawJs / jetStream:0.000} | {storeOnly / jetStream:0.00} |");
return 0;

static async Task<TimeSpan> Measure(Func<Task<TimeSpan>> run)
{
    var elapsed = await run();
    Console.WriteLine($"  {elapsed.TotalSeconds:0.00} s");
    return elapsed;
}

static async Task<NatsConnection> Connect(string url, int capacity)
{
    var nc = new NatsConnection(new NatsConnectionOptions { Servers = [url], SubscriptionCapacity = capacity });
    await nc.ConnectAsync(CancellationToken.None);
    return nc;
}

static async Task PublishAll(string url, BenchEvent[] events, string prefix)
{
    await using var nc = await Connect(url, 16);
    foreach (var e in events)
    {
        await nc.PublishAsync(prefix + e.Subject, e.Body);
    }

    await nc.FlushAsync(CancellationToken.None);
}
