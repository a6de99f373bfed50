using System.Globalization;
using System.Text;

namespace Customer360.Server.Api;

/// <summary>
/// The .NET runtime's own counters on /metrics (Prometheus text): collections per generation, time paused, bytes
/// allocated, heap size. A drain that spends its CPU in the collector shows here first (bench/README.md).
/// </summary>
public static class RuntimeMetrics
{
    public static string ToPrometheusText()
    {
        var sb = new StringBuilder();
        sb.Append("# HELP dotnet_gc_collections_total Garbage collections by generation (a gen 1 collection also counts in gen 0).\n# TYPE dotnet_gc_collections_total counter\n");
        for (var gen = 0; gen <= 2; gen++)
        {
            sb.Append(CultureInfo.InvariantCulture, $"dotnet_gc_collections_total{{generation=\"{gen}\"}} {GC.CollectionCount(gen)}\n");
        }

        sb.Append("# HELP dotnet_gc_pause_seconds_total Time the runtime was paused for garbage collection.\n# TYPE dotnet_gc_pause_seconds_total counter\n");
        sb.Append(CultureInfo.InvariantCulture, $"dotnet_gc_pause_seconds_total {GC.GetTotalPauseDuration().TotalSeconds:0.######}\n");
        sb.Append("# HELP dotnet_gc_allocated_bytes_total Bytes allocated on the managed heap.\n# TYPE dotnet_gc_allocated_bytes_total counter\n");
        sb.Append(CultureInfo.InvariantCulture, $"dotnet_gc_allocated_bytes_total {GC.GetTotalAllocatedBytes()}\n");
        sb.Append("# HELP dotnet_gc_heap_bytes Managed heap size after the last collection.\n# TYPE dotnet_gc_heap_bytes gauge\n");
        sb.Append(CultureInfo.InvariantCulture, $"dotnet_gc_heap_bytes {GC.GetGCMemoryInfo().HeapSizeBytes}\n");
        return sb.ToString();
    }
}
