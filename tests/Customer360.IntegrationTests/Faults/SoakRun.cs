using System.Diagnostics;
using System.Globalization;
using Customer360.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace Customer360.IntegrationTests.Faults;

/// <summary>
/// One broker's fault soak: the service (`c360 serve`, SQLite on its own volume) consumes a large produced stream
/// while, at random points of the ingestion, it is killed -9 and restarted, the broker is restarted, another process
/// holds the database's write lock past the busy timeout, and the volume is filled. At the end the store is compared,
/// per event, with what the stream says it must hold.
/// </summary>
public sealed class SoakRun(ISoakBroker broker, SoakOptions options, ITestOutputHelper output)
{
    private enum Fault { Kill, BrokerRestart, Lock, DiskFull }

    private readonly Random _random = new(options.Seed);
    private readonly List<long> _killedAt = [];
    private int _restarts, _locks, _diskFulls, _skipped;
    private long _lockFailures, _diskFailures;

    public async Task<SoakReport> RunAsync()
    {
        var stream = new SoakEvents($"soak{options.Seed}{broker.Name}", options.Events, options.Customers, options.Rate);
        await using var volume = await DbVolume.CreateAsync(options.VolumeMiB);
        var env = new Dictionary<string, string?>(broker.ServiceEnv)
        {
            ["Logging__LogLevel__Default"] = "Warning",
            ["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information",
            ["Logging__LogLevel__Customer360"] = "Information",
        };
        await using var service = await ServiceProcess.StartAsync(env, volume.DbPath);
        await broker.WaitServiceReadyAsync(service);

        var clock = Stopwatch.StartNew();
        var produce = broker.ProduceAsync(stream, CancellationToken.None);
        foreach (var (fault, at) in Plan())
        {
            await Poll.UntilAsync(() => Task.FromResult(stream.Acked), n => n >= at, Deadline(), $"{at} events produced before the next fault ({fault})");
            await InjectAsync(fault, service, volume);
            Log($"{clock.Elapsed.TotalSeconds:0.0}s {fault} done: {stream.Acked} produced, {await StoredAsync(service)} stored");
        }

        await produce;
        Log($"{clock.Elapsed.TotalSeconds:0.0}s all {stream.Count} produced");
        try
        {
            await Poll.UntilAsync(() => StoredAsync(service), n => n >= stream.Count, Deadline(), "every produced event stored");
        }
        catch (TimeoutException ex)
        {
            Log(ex.Message); // the comparison below says what is missing
        }

        var report = await CompareAsync(service, stream, volume, clock.Elapsed.TotalSeconds);
        Log(report.ToString());
        if (options.ReportFile is { } file)
        {
            await File.AppendAllTextAsync(file, report + "\n");
        }

        return report;
    }

    /// <summary>The faults in a seeded random order, each at a random point between 5% and 90% of the produced stream.</summary>
    private List<(Fault Fault, int At)> Plan()
    {
        var faults = Enumerable.Repeat(Fault.Kill, options.Kills)
            .Concat(Enumerable.Repeat(Fault.BrokerRestart, options.BrokerRestarts))
            .Concat(Enumerable.Repeat(Fault.Lock, options.LockPeriods))
            .Concat(Enumerable.Repeat(Fault.DiskFull, options.DiskFullPeriods))
            .OrderBy(_ => _random.Next())
            .ToList();
        var points = faults.Select(_ => (int)(options.Events * (0.05 + (0.85 * _random.NextDouble())))).Order().ToList();
        return faults.Zip(points).ToList();
    }

    private async Task InjectAsync(Fault fault, ServiceProcess service, DbVolume volume)
    {
        switch (fault)
        {
            case Fault.Kill:
                await Task.Delay(_random.Next(0, 250)); // a random instant: usually mid-batch, sometimes between batches
                var stored = await StoredAsync(service);
                _killedAt.Add(stored);
                service.KillHard();
                await service.RestartAsync();
                await broker.WaitServiceReadyAsync(service);

                // The next fault waits until this instance consumes again (for Kafka: rejoined the group), so it lands in ingestion.
                await Poll.UntilAsync(() => StoredAsync(service), n => n > stored || n >= options.Events, Deadline(), "the restarted service storing again");
                break;
            case Fault.BrokerRestart when broker.CanRestart:
                await broker.RestartAsync();
                _restarts++;
                break;
            case Fault.Lock:
                var beforeLock = await StoreFailuresAsync(service);
                await using (await Task.Run(() => SqliteWriteLock.Take(volume.DbPath)))
                {
                    await Task.Delay(TimeSpan.FromSeconds(options.LockSeconds)); // the fault's length, not a wait for something
                }

                _lockFailures += await StoreFailuresAsync(service) - beforeLock;
                _locks++;
                break;
            case Fault.DiskFull when volume.CanFill:
                var beforeFull = await StoreFailuresAsync(service);
                await volume.FillAsync();
                await Task.Delay(TimeSpan.FromSeconds(options.DiskFullSeconds)); // the fault's length
                volume.Free();
                _diskFailures += await StoreFailuresAsync(service) - beforeFull;
                _diskFulls++;
                break;
            default:
                _skipped++; // a broker that cannot restart, or no right to mount a volume to fill
                break;
        }
    }

    private async Task<SoakReport> CompareAsync(ServiceProcess service, SoakEvents stream, DbVolume volume, double seconds)
    {
        var stats = (await service.GetJsonAsync("/api/stats"))!.Value;
        long lost = 0, doubled = 0;
        var wrongSums = 0;
        for (var c = 0; c < stream.Customers; c++)
        {
            var expected = stream.Expected(c);
            var profile = await service.GetJsonAsync($"/api/customers/{stream.Prefix}-{c}");
            var events = profile?.GetProperty("counts").GetProperty("events").GetInt64() ?? 0;
            lost += Math.Max(0, expected.Events - events);
            doubled += Math.Max(0, events - expected.Events);
            var usage = profile?.GetProperty("usage");
            if (usage is not { } u
                || u.GetProperty("rechargeCount").GetInt64() != expected.RechargeCount
                || u.GetProperty("rechargeTotal").GetDecimal() != expected.RechargeTotal
                || u.GetProperty("dataUsageMb").GetDecimal() != expected.DataUsageMb)
            {
                wrongSums++;
            }
        }

        var logged = stats.GetProperty("events").GetInt64();
        lost = Math.Max(lost, stream.Count - logged);
        var missing = lost > 0 ? MissingFromLog(volume.DbPath, stream.Count) : [];
        return new SoakReport(broker.Name, stream.Count, Math.Round(seconds, 1), _killedAt.Count, _killedAt, _restarts, _locks, _lockFailures,
            _diskFulls, _diskFailures, _skipped, logged, lost, doubled, wrongSums, stats.GetProperty("deadLetters").GetInt64(), missing);
    }

    /// <summary>Which numbers the raw log lacks (the first 20), read from the database file itself.</summary>
    private static List<int> MissingFromLog(string dbPath, int count)
    {
        var seen = new HashSet<int>();
        using var c = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={dbPath};Mode=ReadOnly;Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT json_extract(CAST(raw AS TEXT), '$.metadata.seq') FROM events";
        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            if (!r.IsDBNull(0))
            {
                seen.Add(r.GetInt32(0));
            }
        }

        return Enumerable.Range(0, count).Where(i => !seen.Contains(i)).Take(20).ToList();
    }

    private static async Task<long> StoredAsync(ServiceProcess service) =>
        (await service.GetJsonAsync("/api/stats"))!.Value.GetProperty("events").GetInt64();

    private static async Task<long> StoreFailuresAsync(ServiceProcess service)
    {
        var text = await service.Http.GetStringAsync("/metrics");
        var line = text.Split('\n').Single(l => l.StartsWith("c360_store_failures_total ", StringComparison.Ordinal));
        return long.Parse(line.Split(' ')[1], CultureInfo.InvariantCulture);
    }

    /// <summary>Generous: the machine is shared, and each kill costs a restart (and for Kafka a session timeout).</summary>
    private TimeSpan Deadline() => TimeSpan.FromSeconds(120 + (options.Events / 200.0));

    private void Log(string line)
    {
        output.WriteLine($"[soak {broker.Name}] {line}");
        Console.WriteLine($"[soak {broker.Name}] {line}");
    }
}
