using System.Globalization;
using System.Text;

namespace Customer360.Tests.Fuzz;

/// <summary>What happened to the fuzz messages, per kind: the table a full run records in bench/README.md.</summary>
public sealed class FuzzTally
{
    private readonly SortedDictionary<string, int[]> _rows = new(StringComparer.Ordinal);

    public enum Outcome
    {
        Accepted,
        DeadLetter,
        ClientError,
        ServerError,
    }

    public void Add(string kind, Outcome outcome)
    {
        if (!_rows.TryGetValue(kind, out var row))
        {
            _rows[kind] = row = new int[4];
        }

        row[(int)outcome]++;
    }

    public int Total(Outcome outcome) => _rows.Values.Sum(r => r[(int)outcome]);

    /// <summary>Seed and count from the environment: C360_FUZZ_COUNT (default <paramref name="defaultCount"/>) and C360_FUZZ_SEED.</summary>
    public static (int Count, int Seed) Settings(int defaultCount)
    {
        static int? Env(string name) => int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : null;
        return (Env("C360_FUZZ_COUNT") ?? defaultCount, Env("C360_FUZZ_SEED") ?? 20261123);
    }

    public override string ToString()
    {
        var sb = new StringBuilder("| kind | sent | accepted | dead letters | 4xx | 5xx |\n|---|---:|---:|---:|---:|---:|\n");
        foreach (var (kind, r) in _rows)
        {
            sb.Append(CultureInfo.InvariantCulture, $"| {kind} | {r.Sum()} | {r[0]} | {r[1]} | {r[2]} | {r[3]} |\n");
        }

        sb.Append(CultureInfo.InvariantCulture,
            $"| **total** | {_rows.Values.Sum(r => r.Sum())} | {Total(Outcome.Accepted)} | {Total(Outcome.DeadLetter)} | {Total(Outcome.ClientError)} | {Total(Outcome.ServerError)} |\n");
        return sb.ToString();
    }
}
