using Customer360.Core.Events;
using Customer360.Core.Ingestion;
using Customer360.Core.Storage;

namespace Customer360.Tests.Ingestion;

/// <summary>/health's aggregation: each condition turns it degraded, and recovery turns it back.</summary>
public sealed class HealthCheckTests
{
    private readonly ManualTime _time = new(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly HealthOptions _options = new() { WindowSeconds = 60, MaxSourceLag = 1000, MaxStoreFailures = 0, MaxDeadLetters = 10 };

    private HealthReport Evaluate(IngestMetrics metrics, params SourceHealth[] sources) =>
        HealthCheck.Evaluate(null, sources, metrics, _options, _time.GetUtcNow());

    [Fact]
    public void Connected_sources_without_lag_failures_or_dead_letters_are_healthy()
    {
        var report = Evaluate(new IngestMetrics(_time), new SourceHealth("kafka", SourceState.Connected, 3, null), new SourceHealth("nats", SourceState.Starting, null, null));
        Assert.Equal(HealthStatus.Healthy, report.Status);
        Assert.Empty(report.Reasons);
    }

    [Fact]
    public void A_disconnected_source_is_degraded_until_it_connects_again()
    {
        var metrics = new IngestMetrics(_time);
        var down = Evaluate(metrics, new SourceHealth("rabbitmq", SourceState.Disconnected, null, "connection refused"));
        Assert.Equal(HealthStatus.Degraded, down.Status);
        Assert.Contains("source rabbitmq is disconnected (connection refused)", down.Reasons);
        Assert.Equal(HealthStatus.Healthy, Evaluate(metrics, new SourceHealth("rabbitmq", SourceState.Connected, 0, null)).Status);
    }

    [Fact]
    public void A_source_lagging_beyond_the_threshold_is_degraded_until_it_catches_up()
    {
        var metrics = new IngestMetrics(_time);
        var behind = Evaluate(metrics, new SourceHealth("kafka", SourceState.Connected, 1001, null));
        Assert.Equal(HealthStatus.Degraded, behind.Status);
        Assert.Contains("source kafka is lagging: 1001 messages behind (threshold 1000)", behind.Reasons);
        Assert.Equal(HealthStatus.Healthy, Evaluate(metrics, new SourceHealth("kafka", SourceState.Connected, 1000, null)).Status);
    }

    [Fact]
    public void A_failed_store_write_is_degraded_for_one_window()
    {
        var metrics = new IngestMetrics(_time);
        metrics.RecordStoreFailure();
        Assert.Equal(HealthStatus.Degraded, Evaluate(metrics).Status);
        Assert.Contains("store writes failing: 1 failed batch(es) in the last 60 s", Evaluate(metrics).Reasons);

        _time.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(HealthStatus.Degraded, Evaluate(metrics).Status);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(HealthStatus.Healthy, Evaluate(metrics).Status);
    }

    [Fact]
    public void Dead_letters_above_the_rate_threshold_are_degraded_until_the_window_slides_past_them()
    {
        var metrics = new IngestMetrics(_time);
        Reject(metrics, 6);
        _time.Advance(TimeSpan.FromSeconds(30));
        Reject(metrics, 4);
        Assert.Equal(HealthStatus.Healthy, Evaluate(metrics).Status); // 10 is the threshold, not above it

        Reject(metrics, 1);
        var fast = Evaluate(metrics);
        Assert.Equal(HealthStatus.Degraded, fast.Status);
        Assert.Contains("dead letters growing fast: 11 in the last 60 s (threshold 10)", fast.Reasons);

        _time.Advance(TimeSpan.FromSeconds(30)); // the first 6 leave the window
        Assert.Equal(HealthStatus.Healthy, Evaluate(metrics).Status);
    }

    [Fact]
    public void An_unreachable_store_is_unhealthy_and_every_reason_is_listed()
    {
        var metrics = new IngestMetrics(_time);
        metrics.RecordStoreFailure();
        var report = HealthCheck.Evaluate("database is locked", [new SourceHealth("nats", SourceState.Disconnected, null, null)], metrics, _options, _time.GetUtcNow());
        Assert.Equal(HealthStatus.Unhealthy, report.Status);
        Assert.Equal(3, report.Reasons.Count);
    }

    private static void Reject(IngestMetrics metrics, int count)
    {
        var items = Enumerable.Range(0, count).Select(_ => new IngestItem(RawMessage.FromString("x", "test", "test"), null, "bad")).ToArray();
        var outcomes = items.Select(_ => new IngestOutcome(IngestStatus.Rejected, null, null, "bad", 1)).ToArray();
        metrics.Record(IngestTally.Of(items, outcomes), TimeSpan.Zero);
    }
}

/// <summary>A clock the test moves by hand.</summary>
public sealed class ManualTime(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
