using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;

namespace Customer360.Bench.Query;

/// <summary>
/// Publish -> visible: POST /api/events batches on a fixed clock (open loop: a slow store makes requests pile
/// up, it does not slow the clock), each batch carrying one marker event for a new customer; a separate poller
/// GETs the oldest marker not yet seen until it answers 200. Batches commit in order, so once a marker is
/// visible every earlier one is too. The same-run reference is the marker POST's own round trip (the commit).
/// </summary>
internal static class FreshnessRun
{
    public static async Task RunAsync(Args opts)
    {
        var url = (opts.Get("url") ?? throw new ArgumentException("--url http://host:port")).TrimEnd('/');
        var rates = (opts.Get("rates") ?? "1000,2000,5000,10000").Split(',').Select(r => int.Parse(r, CultureInfo.InvariantCulture)).ToArray();
        var seconds = double.Parse(opts.Get("seconds") ?? "20", CultureInfo.InvariantCulture);
        var ticksPerSecond = int.Parse(opts.Get("batches-per-second") ?? "20", CultureInfo.InvariantCulture);
        var maxInFlight = int.Parse(opts.Get("max-in-flight") ?? "16", CultureInfo.InvariantCulture);
        var run = DateTimeOffset.UtcNow.ToUnixTimeSeconds() % 100000;

        Console.WriteLine($"# freshness {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC, {url}, {ticksPerSecond} batches/s, {seconds} s per rate, load {Machine.Load()}");
        Console.WriteLine();
        Console.WriteLine("| offered events/s | accepted events/s | markers | visible p50 | visible p99 | visible max | marker POST p50 (commit) | POST p99 | p50 ratio | p99 ratio | load |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var rate in rates)
        {
            await RunRateAsync(url, rate, seconds, ticksPerSecond, maxInFlight, run * 100 + Array.IndexOf(rates, rate));
        }
    }

    private static async Task RunRateAsync(string url, int rate, double seconds, int ticksPerSecond, int maxInFlight, long runId)
    {
        using var publisher = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = maxInFlight }) { BaseAddress = new Uri(url), Timeout = TimeSpan.FromMinutes(2) };
        using var poller = new HttpClient { BaseAddress = new Uri(url) };
        var perBatch = Math.Max(1, rate / ticksPerSecond);
        var ticks = (int)(seconds * ticksPerSecond);
        var published = new ConcurrentDictionary<int, long>(); // marker -> timestamp just before its POST
        var commitMs = new ConcurrentBag<double>();
        var visibleMs = new List<double>();
        long accepted = 0, failed = 0, lost = 0;
        var inFlight = new SemaphoreSlim(maxInFlight);
        var random = new Random((int)runId);
        var clock = Stopwatch.StartNew();
        var posts = new List<Task>();

        var polling = Task.Run(async () =>
        {
            for (var next = 0; next < ticks;)
            {
                if (!published.TryGetValue(next, out var sentAt))
                {
                    await Task.Delay(1);
                    continue;
                }

                using var response = await poller.GetAsync($"/api/customers/{MarkerId(runId, next)}");
                var waited = Stopwatch.GetElapsedTime(sentAt);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    visibleMs.Add(waited.TotalMilliseconds);
                    next++;
                }
                else if (waited > MarkerGiveUp)
                {
                    Interlocked.Increment(ref lost); // its batch failed (counted below) or never committed
                    next++;
                }
                else
                {
                    await Task.Delay(1);
                }
            }
        });

        for (var tick = 0; tick < ticks; tick++)
        {
            var wait = TimeSpan.FromSeconds((double)tick / ticksPerSecond) - clock.Elapsed;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait);
            }

            var body = Batch(runId, tick, perBatch, random);
            await inFlight.WaitAsync();
            var marker = tick;
            posts.Add(Task.Run(async () =>
            {
                try
                {
                    var t0 = Stopwatch.GetTimestamp();
                    published[marker] = t0;
                    using var content = new StringContent(body, Encoding.UTF8, "application/x-ndjson");
                    using var response = await publisher.PostAsync("/api/events", content);
                    var text = await response.Content.ReadAsStringAsync();
                    commitMs.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
                    if (response.StatusCode != HttpStatusCode.Accepted)
                    {
                        Interlocked.Increment(ref failed);
                        Console.Error.WriteLine($"POST /api/events: {(int)response.StatusCode} {text[..Math.Min(200, text.Length)]}");
                        return;
                    }

                    Interlocked.Add(ref accepted, perBatch);
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                    Interlocked.Increment(ref failed);
                    Console.Error.WriteLine($"POST /api/events: {ex.Message}");
                }
                finally
                {
                    inFlight.Release();
                }
            }));
        }

        await Task.WhenAll(posts);
        var elapsed = clock.Elapsed.TotalSeconds;
        await polling;
        Console.Error.WriteLine($"  {rate}/s: {ticks} batches of {perBatch}, {failed} failed, {lost} markers never seen, {elapsed:0.0} s");
        var commits = commitMs.ToList();
        double v50 = Latencies.Percentile(visibleMs, 0.5), v99 = Latencies.Percentile(visibleMs, 0.99);
        double c50 = Latencies.Percentile(commits, 0.5), c99 = Latencies.Percentile(commits, 0.99);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {rate:N0} | {accepted / elapsed:N0} | {visibleMs.Count} | {v50:0.0} ms | {v99:0.0} ms | {visibleMs.Max():0.0} ms | {c50:0.0} ms | {c99:0.0} ms | {v50 / c50:0.00} | {v99 / c99:0.00} | {Machine.Load()} |"));
    }

    private static readonly TimeSpan MarkerGiveUp = TimeSpan.FromSeconds(30);

    /// <summary>A 10-digit MSISDN no generated customer has (theirs are below 10^9 / 2); a run has fewer than 10,000 batches per rate.</summary>
    private static string MarkerId(long runId, int tick) => (9_000_000_000L + runId % 100_000 * 10_000 + tick).ToString(CultureInfo.InvariantCulture);

    /// <summary>Telecom meter events as bench/gen_mixed_events.py writes them; the first one is the marker.</summary>
    private static string Batch(long runId, int tick, int count, Random random)
    {
        var sb = new StringBuilder(count * 180);
        for (var i = 0; i < count; i++)
        {
            var customer = i == 0 ? MarkerId(runId, tick) : random.Next(20000).ToString("D10", CultureInfo.InvariantCulture);
            var at = DateTimeOffset.UtcNow.AddTicks(i).ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
            sb.Append(CultureInfo.InvariantCulture,
                $"{{\"source\":\"in\",\"customer_id\":\"{customer}\",\"event_type\":\"data_usage\",\"timestamp\":\"{at}\",\"value\":{random.Next(5000) / 10.0},\"metadata\":{{\"network_type\":\"4G\",\"run\":{runId},\"n\":{tick * count + i}}}}}\n");
        }

        return sb.ToString();
    }
}
