using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Customer360.Core.Storage;

namespace Customer360.Core.Ingestion;

/// <summary>Process counters for /metrics (Prometheus text format) and /health; lock-free on the hot path.</summary>
public sealed class IngestMetrics(TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly SlidingCounter _recentRejections = new();
    private readonly SlidingCounter _recentStoreFailures = new();
    private readonly ConcurrentDictionary<(string Source, string Dialect, string Status), long> _events = new();
    private long _batches;
    private long _batchMicros;
    private long _storeFailures;
    private long _lastCommitTicks;

    public long StoreFailures => Interlocked.Read(ref _storeFailures);

    public DateTimeOffset? LastCommitAt => Interlocked.Read(ref _lastCommitTicks) is var t && t > 0 ? new DateTimeOffset(t, TimeSpan.Zero) : null;

    public long RejectedTotal => _events.Where(kv => kv.Key.Status == "rejected").Sum(kv => kv.Value);

    /// <summary>Rejected messages (each one a dead letter) within the last <paramref name="window"/>.</summary>
    public long RejectedSince(TimeSpan window, DateTimeOffset now) => _recentRejections.CountSince(window, now);

    /// <summary>Failed store write batches within the last <paramref name="window"/>.</summary>
    public long StoreFailuresSince(TimeSpan window, DateTimeOffset now) => _recentStoreFailures.CountSince(window, now);

    /// <summary>Committed batches, counted as they were applied (a bulk write commits many at once).</summary>
    public void Record(IngestTally tally, TimeSpan elapsed)
    {
        foreach (var (key, n) in tally.Events)
        {
            _events.AddOrUpdate(key, n, (_, total) => total + n);
        }

        _recentRejections.Add(tally.Rejected, _time.GetUtcNow());
        Interlocked.Add(ref _batches, tally.Batches);
        Interlocked.Add(ref _batchMicros, (long)elapsed.TotalMicroseconds);
        Interlocked.Exchange(ref _lastCommitTicks, DateTimeOffset.UtcNow.UtcTicks);
    }

    public void RecordStoreFailure()
    {
        Interlocked.Increment(ref _storeFailures);
        _recentStoreFailures.Add(1, _time.GetUtcNow());
    }

    public string ToPrometheusText()
    {
        var sb = new StringBuilder();
        sb.Metric("c360_events_total", "counter", "Messages ingested, by source, dialect and outcome.");
        foreach (var ((source, dialect, status), n) in _events.OrderBy(kv => kv.Key))
        {
            sb.Append(CultureInfo.InvariantCulture, $"c360_events_total{{source=\"{Escape(source)}\",dialect=\"{Escape(dialect)}\",outcome=\"{status}\"}} {n}\n");
        }

        sb.Metric("c360_batches_total", "counter", "Store write batches committed.", Interlocked.Read(ref _batches));
        sb.Metric("c360_batch_seconds_total", "counter", "Time spent in store write batches.", Interlocked.Read(ref _batchMicros) / 1e6);
        sb.Metric("c360_store_failures_total", "counter", "Store write batches that failed (nothing acked).", StoreFailures);
        return sb.ToString();
    }

    private static string Escape(string s) => s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
