using System.Globalization;

namespace Customer360.Bench.Query;

/// <summary>Per-request latencies of one route, ours and the reference's, and their percentiles.</summary>
internal sealed class Latencies(string route)
{
    public string Route { get; } = route;

    public List<double> Api { get; } = [];

    public List<double> Raw { get; } = [];

    /// <summary>Bare Kestrel (bench/http-floor) answering a body of the same size; empty when not run.</summary>
    public List<double> Floor { get; } = [];

    public long ApiBytes { get; set; }

    public int Misses { get; set; }

    public static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? double.NaN : sorted[(int)Math.Round(p * (sorted.Count - 1))];
    }

    public static string Header =>
        "| route | n | API p50 | API p99 | API max | raw SQLite p50 | raw p99 | raw max | p50 ratio | p99 ratio | bare HTTP p50 | bare HTTP p99 |\n" +
        "|---|---|---|---|---|---|---|---|---|---|---|---|";

    private string Floor50 => Floor.Count == 0 ? "-" : string.Create(CultureInfo.InvariantCulture, $"{Percentile(Floor, 0.5):0.00} ms");

    private string Floor99 => Floor.Count == 0 ? "-" : string.Create(CultureInfo.InvariantCulture, $"{Percentile(Floor, 0.99):0.00} ms");

    public string Row()
    {
        var inv = CultureInfo.InvariantCulture;
        if (Api.Count == 0)
        {
            return $"| {Route} | 0 | - | - | - | - | - | - | - | - | - | - |";
        }

        double a50 = Percentile(Api, 0.5), a99 = Percentile(Api, 0.99), r50 = Percentile(Raw, 0.5), r99 = Percentile(Raw, 0.99);
        return string.Create(inv,
            $"| {Route} | {Api.Count} | {a50:0.00} ms | {a99:0.00} ms | {Api.Max():0.00} ms | {r50:0.000} ms | {r99:0.000} ms | {Raw.Max():0.000} ms | {a50 / r50:0.00} | {a99 / r99:0.00} | {Floor50} | {Floor99} |");
    }
}
