// The write path alone: a JSONL file parsed (EventParser) and written (SqliteProfileStore.WriteBatchAsync) in
// batches, into a fresh database per round. Prints wall time, process CPU (user / kernel) and bytes allocated per event
// for the parse and the store separately, and the time the GC paused the process; the lowest round is the figure
// (rounds differ by what else the machine runs).
//   dotnet bench/store/bin/Release/net10.0/StoreBench.dll EVENTS.jsonl [batch=500] [rounds=3]
// STOREBENCH_SQL, when set, is run on each fresh file first (an experiment's settings); STOREBENCH_INTERLEAVE=1 parses
// each batch just before its write, as a broker source does, instead of the whole file first. STOREBENCH_STATEMENTS=1
// prints, per round, the time SQLite spent in each statement of the write connection (its own profile callback).
using System.Diagnostics;
using Customer360.Core.Dialects;
using Customer360.Core.Events;
using Customer360.Core.Profiles;
using Customer360.Core.Storage;
using Customer360.Core.Storage.Sqlite;

if (args.Length < 1)
{
    Console.Error.WriteLine("usage: StoreBench EVENTS.jsonl [batch=500] [rounds=3]");
    return 2;
}

var lines = File.ReadAllLines(args[0]).Where(l => l.Length > 0).Select(l => System.Text.Encoding.UTF8.GetBytes(l)).ToArray();
var batchSize = args.Length > 1 ? int.Parse(args[1]) : 500;
var rounds = args.Length > 2 ? int.Parse(args[2]) : 3;
var parser = EventParser.CreateDefault();
Console.WriteLine($"{lines.Length:N0} events from {args[0]}, batches of {batchSize}, {rounds} rounds");

for (var round = 1; round <= rounds; round++)
{
    var dir = Directory.CreateTempSubdirectory("c360-storebench-");
    try
    {
        var path = Path.Combine(dir.FullName, "bench.db");
        if (int.TryParse(Environment.GetEnvironmentVariable("STOREBENCH_PAGE_SIZE"), out var pageSize))
        {
            // An experiment's page size: it can only be set before the file's first table (the store then finds it made).
            RunSql(path, $"PRAGMA page_size = {pageSize}; CREATE TABLE page_size_probe (x); DROP TABLE page_size_probe;");
        }

        var store = new SqliteProfileStore(new SqliteOptions
        {
            Path = path,
            // Experiments: STOREBENCH_CACHE (profiles the writer keeps), STOREBENCH_CHECKPOINT_MS (background checkpoint interval).
            ProfileCacheSize = int.TryParse(Environment.GetEnvironmentVariable("STOREBENCH_CACHE"), out var cache) ? cache : new SqliteOptions().ProfileCacheSize,
            CheckpointInterval = int.TryParse(Environment.GetEnvironmentVariable("STOREBENCH_CHECKPOINT_MS"), out var ms) ? TimeSpan.FromMilliseconds(ms) : new SqliteOptions().CheckpointInterval,
        }, new ProjectionOptions());
        await store.InitializeAsync(default);
        var statements = Environment.GetEnvironmentVariable("STOREBENCH_STATEMENTS") == "1" ? StatementProfile.Attach(store) : null;
        if (Environment.GetEnvironmentVariable("STOREBENCH_SQL") is { Length: > 0 } setup)
        {
            // An experiment's settings (say, an FTS5 automerge level) applied to the fresh file before the run.
            RunSql(store.DatabasePath, setup);
        }

        // STOREBENCH_INTERLEAVE=1 parses each batch just before writing it, as a broker source does: the parsed
        // events are then young objects when the store runs (the default parses all first, so they are old).
        var interleave = Environment.GetEnvironmentVariable("STOREBENCH_INTERLEAVE") == "1";
        var items = new IngestItem[lines.Length];
        var parseTime = new Stopwatch();
        var storeTime = new Stopwatch();
        Cpu parseCpu = default, storeCpu = default;
        long parseAllocated = 0, storeAllocated = 0, gcPausedTicks = -GC.GetTotalPauseDuration().Ticks;
        var rejected = 0;
        var parseStep = interleave ? batchSize : lines.Length;
        for (var start = 0; start < lines.Length; start += parseStep)
        {
            var end = Math.Min(lines.Length, start + parseStep);
            var c0 = Cpu.Now();
            var a0 = GC.GetTotalAllocatedBytes(precise: true);
            parseTime.Start();
            for (var i = start; i < end; i++)
            {
                var raw = new RawMessage(lines[i], "bench", "bench:file");
                var parsed = parser.Parse(raw);
                items[i] = new IngestItem(raw, parsed.Event, parsed.Rejection);
            }

            parseTime.Stop();
            var c1 = Cpu.Now();
            var a1 = GC.GetTotalAllocatedBytes(precise: true);
            parseCpu += c1 - c0;
            parseAllocated += a1 - a0;
            storeTime.Start();
            for (var i = start; i < end; i += batchSize)
            {
                var outcomes = await store.WriteBatchAsync(items.AsSegment(i, Math.Min(batchSize, end - i)), default);
                rejected += outcomes.Count(o => o.Status == Customer360.Core.Ingestion.IngestStatus.Rejected);
            }

            storeTime.Stop();
            storeCpu += Cpu.Now() - c1;
            storeAllocated += GC.GetTotalAllocatedBytes(precise: true) - a1;
            if (interleave)
            {
                Array.Clear(items, start, end - start); // a source lets go of a batch once written
            }
        }

        gcPausedTicks += GC.GetTotalPauseDuration().Ticks;
        var parseWall = parseTime.Elapsed;
        var storeWall = storeTime.Elapsed;
        await store.DisposeAsync();

        var n = (double)items.Length;
        Console.WriteLine(
            $"round {round}: parse {parseWall.TotalSeconds:0.00} s wall, {parseCpu.User / n * 1e6:0.0} + {parseCpu.Kernel / n * 1e6:0.0} µs/event user+kernel | " +
            $"store {storeWall.TotalSeconds:0.00} s wall ({n / storeWall.TotalSeconds:N0} events/s), {storeCpu.User / n * 1e6:0.0} + {storeCpu.Kernel / n * 1e6:0.0} µs/event user+kernel | " +
            $"allocated {parseAllocated / n:N0} + {storeAllocated / n:N0} B/event parse+store, GC paused {TimeSpan.FromTicks(gcPausedTicks).TotalSeconds:0.00} s" +
            (rejected > 0 ? $" | {rejected} rejected" : ""));
        statements?.Print(items.Length, storeWall);
    }
    finally
    {
        dir.Delete(recursive: true);
    }
}

return 0;

// An experiment's SQL on the bench file, on a connection of its own.
static void RunSql(string path, string sql)
{
    using var c = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False");
    c.Open();
    using var cmd = c.CreateCommand();
    cmd.CommandText = sql;
    cmd.ExecuteNonQuery();
}

internal static class SegmentExtensions
{
    public static IReadOnlyList<T> AsSegment<T>(this T[] array, int offset, int count) => new ArraySegment<T>(array, offset, count);
}

/// <summary>This process's CPU seconds so far, user and kernel apart (the kernel share is the WAL and checkpoint I/O).</summary>
internal readonly record struct Cpu(double User, double Kernel)
{
    public static Cpu operator +(Cpu a, Cpu b) => new(a.User + b.User, a.Kernel + b.Kernel);

    public static Cpu operator -(Cpu a, Cpu b) => new(a.User - b.User, a.Kernel - b.Kernel);

    public static Cpu Now()
    {
        var p = Process.GetCurrentProcess();
        return new Cpu(p.UserProcessorTime.TotalSeconds, p.PrivilegedProcessorTime.TotalSeconds);
    }
}
