using System.Globalization;
using System.Text;
using Customer360.Core.Ingestion;

namespace Customer360.Server.Api;

/// <summary>
/// The .NET runtime's own counters on /metrics (Prometheus text): collections per generation, time paused, bytes
/// allocated, heap size. A drain that spends its CPU in the collector shows here first (bench/README.md).
/// </summary>
public static class RuntimeMetrics
{
    public static string ToPrometheusText()
    {
        var sb = new StringBuilder().Metric("dotnet_gc_collections_total", "counter",
            "Garbage collections by generation (a gen 1 collection also counts in gen 0).");
        for (var gen = 0; gen <= 2; gen++)
        {
            sb.Append(CultureInfo.InvariantCulture, $"dotnet_gc_collections_total{{generation=\"{gen}\"}} {GC.CollectionCount(gen)}\n");
        }

        sb.Metric("dotnet_gc_pause_seconds_total", "counter", "Time the runtime was paused for garbage collection.", GC.GetTotalPauseDuration().TotalSeconds);
        sb.Metric("dotnet_gc_allocated_bytes_total", "counter", "Bytes allocated on the managed heap.", GC.GetTotalAllocatedBytes());
        sb.Metric("dotnet_gc_heap_bytes", "gauge", "Managed heap size after the last collection.", GC.GetGCMemoryInfo().HeapSizeBytes);
        return sb.ToString();
    }
}
