namespace Customer360.Core.Ingestion;

public enum HealthStatus
{
    Healthy,
    Degraded,
    Unhealthy,
}

/// <summary>What /health answers: the overall status and, when not healthy, every reason why.</summary>
public sealed record HealthReport(HealthStatus Status, IReadOnlyList<string> Reasons, long RecentStoreFailures, long RecentDeadLetters);

/// <summary>
/// Turns the parts' states into one status. Unhealthy (503) only when the store cannot be reached at all:
/// the service then serves nothing. Degraded (200, so probes keep routing reads to it) when a source is
/// disconnected or lagging, store writes failed recently, or dead letters arrive faster than the threshold.
/// </summary>
public static class HealthCheck
{
    public static HealthReport Evaluate(string? storeError, IReadOnlyList<SourceHealth> sources, IngestMetrics metrics, HealthOptions options, DateTimeOffset now)
    {
        var window = TimeSpan.FromSeconds(options.WindowSeconds);
        var storeFailures = metrics.StoreFailuresSince(window, now);
        var deadLetters = metrics.RejectedSince(window, now);
        var reasons = new List<string>();
        if (storeError is not null)
        {
            reasons.Add($"store unreachable: {storeError}");
        }

        foreach (var source in sources)
        {
            if (source.State == SourceState.Disconnected)
            {
                reasons.Add($"source {source.Name} is disconnected" + (source.Detail is { Length: > 0 } d ? $" ({d})" : ""));
            }
            else if (source.Lag > options.MaxSourceLag)
            {
                reasons.Add($"source {source.Name} is lagging: {source.Lag} messages behind (threshold {options.MaxSourceLag})");
            }
        }

        if (storeFailures > options.MaxStoreFailures)
        {
            reasons.Add($"store writes failing: {storeFailures} failed batch(es) in the last {options.WindowSeconds} s");
        }

        if (deadLetters > options.MaxDeadLetters)
        {
            reasons.Add($"dead letters growing fast: {deadLetters} in the last {options.WindowSeconds} s (threshold {options.MaxDeadLetters})");
        }

        var status = storeError is not null ? HealthStatus.Unhealthy : reasons.Count > 0 ? HealthStatus.Degraded : HealthStatus.Healthy;
        return new HealthReport(status, reasons, storeFailures, deadLetters);
    }
}
