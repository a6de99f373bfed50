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

    public void Record(IReadOnlyList<IngestItem> items, IReadOnlyList<IngestOutcome> outcomes, TimeSpan elapsed)
    {
        // A batch is mostly runs of one source, dialect and outcome: one shared-dictionary update per run, not per event.
        (string Source, string Dialect, string Status)? run = null;
        int length = 0, rejected = 0;
        for (var i = 0; i < items.Count; i++)
        {
            rejected += outcomes[i].Status == IngestStatus.Rejected ? 1 : 0;
            var key = (items[i].Raw.Source, items[i].Event?.Dialect ?? items[i].Raw.Dialect ?? "unknown", StatusName(outcomes[i].Status));
            if (run is { } current && current == key)
            {
                length++;
                continue;
            }

            Add(run, length);
            (run, length) = (key, 1);
        }

        Add(run, length);
        _recentRejections.Add(rejected, _time.GetUtcNow());
        Interlocked.Increment(ref _batches);
        Interlocked.Add(ref _batchMicros, (long)elapsed.TotalMicroseconds);
        Interlocked.Exchange(ref _lastCommitTicks, DateTimeOffset.UtcNow.UtcTicks);
    }

    private static string StatusName(IngestStatus status) => status switch
    {
        IngestStatus.Accepted => "accepted",
        IngestStatus.Duplicate => "duplicate",
        _ => "rejected",
    };

    private void Add((string Source, string Dialect, string Status)? key, long n)
    {
        if (key is { } k)
        {
            _events.AddOrUpdate(k, n, (_, total) => total + n);
        }
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
