using System.Globalization;
using System.Text;

namespace Customer360.Core.Ingestion;

/// <summary>The Prometheus text format /metrics writes: each metric's HELP and TYPE lines, then its samples.</summary>
public static class PrometheusText
{
    public static StringBuilder Metric(this StringBuilder sb, string name, string type, string help) =>
        sb.Append(CultureInfo.InvariantCulture, $"# HELP {name} {help}\n# TYPE {name} {type}\n");

    /// <summary>A metric with one unlabelled sample.</summary>
    public static StringBuilder Metric(this StringBuilder sb, string name, string type, string help, double value) =>
        sb.Metric(name, type, help).Append(CultureInfo.InvariantCulture, $"{name} {value:0.######}\n");
}
