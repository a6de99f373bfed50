using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;

namespace Customer360.Bench.Query;

/// <summary>
/// HTTP batch ingest: a JSON-lines file POSTed to /api/events as NDJSON bodies of --batch events by --clients
/// concurrent posters (closed loop: each posts its next body when the last one answered), timed from the first POST
/// to the last answer; every body must answer 202. The same bodies then go to --floor-url (bare Kestrel that reads
/// the body and answers 202): the HTTP floor of this machine for that traffic, in the same run.
/// </summary>
internal static class IngestRun
{
    public static async Task RunAsync(Args opts)
    {
        var url = (opts.Get("url") ?? throw new ArgumentException("--url http://host:port")).TrimEnd('/');
        var file = opts.Get("file") ?? throw new ArgumentException("--file EVENTS.jsonl");
        var batch = int.Parse(opts.Get("batch") ?? "1000", CultureInfo.InvariantCulture);
        var clients = int.Parse(opts.Get("clients") ?? "4", CultureInfo.InvariantCulture);
        var lines = File.ReadLines(file).Where(l => l.Length > 0).ToList();
        var bodies = lines.Chunk(batch).Select(c => System.Text.Encoding.UTF8.GetBytes(string.Join('\n', c) + "\n")).ToList();
        Console.WriteLine($"# HTTP ingest {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC: {lines.Count:N0} events of {file}, NDJSON bodies of {batch}, {clients} clients, load {Machine.Load()}");
        var ours = await PostAllAsync(url + "/api/events", bodies, clients);
        Console.WriteLine($"c360 POST /api/events: {lines.Count / ours.TotalSeconds:N0} events/s ({ours.TotalSeconds:0.00} s), load {Machine.Load()}");
        if (opts.Get("floor-url") is { } floor)
        {
            var bare = await PostAllAsync(floor.TrimEnd('/') + "/ingest", bodies, clients);
            Console.WriteLine($"bare Kestrel, same bodies: {lines.Count / bare.TotalSeconds:N0} events/s ({bare.TotalSeconds:0.00} s); ratio {bare.TotalSeconds / ours.TotalSeconds:0.000}");
        }
    }

    private static async Task<TimeSpan> PostAllAsync(string url, List<byte[]> bodies, int clients)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients }) { Timeout = TimeSpan.FromMinutes(5) };
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
        {
            for (var i = Interlocked.Increment(ref next); i < bodies.Count; i = Interlocked.Increment(ref next))
            {
                using var content = new ByteArrayContent(bodies[i]);
                content.Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson");
                using var response = await http.PostAsync(url, content);
                if ((int)response.StatusCode != 202)
                {
                    throw new InvalidOperationException($"{url} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                }
            }
        }));
        return clock.Elapsed;
    }
}
