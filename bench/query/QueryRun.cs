using System.Diagnostics;
using System.Globalization;
using System.Net;
using Microsoft.Data.Sqlite;

namespace Customer360.Bench.Query;

/// <summary>
/// Latency per read route from a separate process, one request at a time; each request is followed by its raw
/// SQLite equivalent on the same file, so ours and the storage floor see the same machine load.
/// </summary>
internal static class QueryRun
{
    public static async Task RunAsync(Args opts)
    {
        var db = opts.Get("db") ?? throw new ArgumentException("--db FILE");
        var url = (opts.Get("url") ?? throw new ArgumentException("--url http://host:port")).TrimEnd('/');
        var requests = int.Parse(opts.Get("requests") ?? "3000", CultureInfo.InvariantCulture);
        var warmup = int.Parse(opts.Get("warmup") ?? "500", CultureInfo.InvariantCulture);
        var maxSeconds = double.Parse(opts.Get("max-seconds") ?? "120", CultureInfo.InvariantCulture);
        var routes = (opts.Get("routes") ?? "profile,timeline,context,search-ticket,search-prefix,search-word").Split(',');
        var floorUrl = opts.Get("floor-url")?.TrimEnd('/');
        var random = new Random(int.Parse(opts.Get("seed") ?? "1", CultureInfo.InvariantCulture));

        using var raw = new RawReads(db);
        Workload workload;
        using (var sampler = new SqliteConnection($"Data Source={db};Mode=ReadOnly"))
        {
            sampler.Open();
            workload = Workload.Sample(sampler, requests + warmup, random);
        }

        using var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(30), AutomaticDecompression = DecompressionMethods.None })
        {
            BaseAddress = new Uri(url),
        };
        Console.WriteLine($"# query bench {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC, db {db} ({new FileInfo(db).Length / 1048576} MB), {requests} requests per route after {warmup} warm-up");
        Console.WriteLine($"load average at start: {Machine.Load()}");
        Console.WriteLine();
        Console.WriteLine(Latencies.Header);

        foreach (var route in routes)
        {
            var lat = new Latencies(route);
            // The warm-up (JIT tiers, caches) runs the API alone, the raw reference a few times: a naive ranked
            // FTS query can take a second at millions of rows. --max-seconds bounds the measured part of a route.
            Stopwatch? started = null;
            for (var i = 0; i < requests + warmup && (started is null || started.Elapsed.TotalSeconds < maxSeconds); i++)
            {
                if (i == warmup)
                {
                    started = Stopwatch.StartNew();
                }

                var id = workload.CustomerIds[i];
                var (path, reference) = route switch
                {
                    "profile" => ($"/api/customers/{Uri.EscapeDataString(id)}", (Func<int>)(() => raw.Profile(id))),
                    "timeline" => ($"/api/customers/{Uri.EscapeDataString(id)}/timeline?limit=50", () => raw.Timeline(id, 50)),
                    "context" => ($"/api/customers/{Uri.EscapeDataString(id)}/context", () => raw.Context(id)),
                    _ => Search(route, workload, random, raw),
                };

                var t0 = Stopwatch.GetTimestamp();
                using (var response = await http.GetAsync(path, HttpCompletionOption.ResponseContentRead))
                {
                    var body = await response.Content.ReadAsByteArrayAsync();
                    var apiMs = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
                    if (response.StatusCode != HttpStatusCode.OK)
                    {
                        throw new InvalidOperationException($"{path}: {(int)response.StatusCode}");
                    }

                    if (i < warmup - 3)
                    {
                        continue;
                    }

                    var t1 = Stopwatch.GetTimestamp();
                    var rows = reference();
                    var rawMs = Stopwatch.GetElapsedTime(t1).TotalMilliseconds;
                    var floorMs = floorUrl is null ? double.NaN : await FloorAsync(http, $"{floorUrl}{path}", body.Length);
                    if (i >= warmup)
                    {
                        if (floorUrl is not null)
                        {
                            lat.Floor.Add(floorMs);
                        }

                        lat.Api.Add(apiMs);
                        lat.Raw.Add(rawMs);
                        lat.ApiBytes += body.Length;
                        lat.Misses += rows == 0 ? 1 : 0;
                    }
                }
            }

            Console.WriteLine(lat.Row());
            Console.Error.WriteLine($"  {route}: {lat.Api.Count} in {started?.Elapsed.TotalSeconds ?? 0:0.0} s, {lat.ApiBytes / Math.Max(1, lat.Api.Count)} bytes/response, " +
                $"{lat.Misses} with no raw rows, load {Machine.Load()}");
        }

        Console.WriteLine();
        Console.WriteLine($"load average at end: {Machine.Load()}");

        // The same path on bare Kestrel with a body of the same size: the HTTP floor under the same load.
        static async Task<double> FloorAsync(HttpClient http, string url, int bytes)
        {
            var t0 = Stopwatch.GetTimestamp();
            using var response = await http.GetAsync($"{url}{(url.Contains('?', StringComparison.Ordinal) ? '&' : '?')}bytes={bytes}", HttpCompletionOption.ResponseContentRead);
            await response.Content.ReadAsByteArrayAsync();
            response.EnsureSuccessStatusCode();
            return Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
        }

        static (string, Func<int>) Search(string kind, Workload workload, Random random, RawReads raw)
        {
            var term = kind switch
            {
                "search-ticket" => workload.TicketTerm(random),
                "search-prefix" => Workload.PrefixTerm(random),
                "search-word" => Workload.CommonTerm(random),
                _ => throw new ArgumentException($"unknown route {kind}"),
            };
            return ($"/api/customers?q={Uri.EscapeDataString(term)}", () => raw.Search(term));
        }
    }
}
