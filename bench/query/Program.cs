using Customer360.Bench.Query;

// Usage:
//   dotnet QueryBench.dll query --db FILE --url http://127.0.0.1:PORT [--requests 3000] [--warmup 500] [--max-seconds 120]
//        [--routes profile,timeline,context,search-ticket,search-prefix,search-word] [--seed 1]
//   dotnet QueryBench.dll freshness --url http://127.0.0.1:PORT [--rates 1000,2000,5000,10000] [--seconds 20] [--batches-per-second 20]
//   dotnet QueryBench.dll ingest --url http://127.0.0.1:PORT --file EVENTS.jsonl [--batch 1000] [--clients 4] [--floor-url http://127.0.0.1:PORT2]
if (args.Length > 0 && args[0] == "freshness")
{
    await FreshnessRun.RunAsync(Args.Parse(args[1..]));
}
else if (args.Length > 0 && args[0] == "ingest")
{
    await IngestRun.RunAsync(Args.Parse(args[1..]));
}
else
{
    await QueryRun.RunAsync(Args.Parse(args.Length > 0 && args[0] == "query" ? args[1..] : args));
}

internal sealed class Args
{
    private readonly Dictionary<string, string> _values = [];

    public static Args Parse(string[] args)
    {
        var a = new Args();
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            a._values[args[i].TrimStart('-')] = args[i + 1];
        }

        return a;
    }

    public string? Get(string name) => _values.GetValueOrDefault(name);
}

internal static class Machine
{
    public static string Load() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";
}
