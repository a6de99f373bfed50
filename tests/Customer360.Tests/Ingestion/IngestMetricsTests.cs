using Customer360.Core.Events;
using Customer360.Core.Ingestion;
using Customer360.Core.Storage;
using Customer360.Tests.Storage;

namespace Customer360.Tests.Ingestion;

public class IngestMetricsTests
{
    private static IngestItem Item(string source, string? dialect) =>
        new(RawMessage.FromString("{}", source, "test") with { Dialect = dialect }, null, "rejected");

    private static IngestOutcome Outcome(IngestStatus status) => new(status, null, null, null, null);

    [Fact]
    public void Counts_each_source_dialect_and_outcome_across_interleaved_runs_and_batches()
    {
        var metrics = new IngestMetrics();
        IngestItem[] items = [Item("kafka", "telecom"), Item("kafka", "telecom"), Item("http", "telecom"), Item("kafka", "telecom"), Item("kafka", "telecom"), Item("kafka", null)];
        IngestOutcome[] outcomes =
        [
            Outcome(IngestStatus.Accepted), Outcome(IngestStatus.Accepted), Outcome(IngestStatus.Accepted),
            Outcome(IngestStatus.Duplicate), Outcome(IngestStatus.Accepted), Outcome(IngestStatus.Rejected),
        ];
        metrics.Record(IngestTally.Of(items, outcomes), TimeSpan.FromMilliseconds(3));
        metrics.Record(IngestTally.Of(items[..2], outcomes[..2]), TimeSpan.FromMilliseconds(1));
        metrics.Record(IngestTally.Of([], []), TimeSpan.Zero);

        var text = metrics.ToPrometheusText();
        Assert.Contains("c360_events_total{source=\"kafka\",dialect=\"telecom\",outcome=\"accepted\"} 5\n", text, StringComparison.Ordinal);
        Assert.Contains("c360_events_total{source=\"kafka\",dialect=\"telecom\",outcome=\"duplicate\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("c360_events_total{source=\"http\",dialect=\"telecom\",outcome=\"accepted\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("c360_events_total{source=\"kafka\",dialect=\"unknown\",outcome=\"rejected\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("c360_batches_total 3\n", text, StringComparison.Ordinal);
        Assert.Equal(1, metrics.RejectedTotal);
    }

    [Fact]
    public void A_tally_knows_an_accepted_unmerge_and_ignores_a_redelivered_one()
    {
        var unmerge = TestItems.Parse(
            """{"eventType":"CustomerUnmergedEvent","eventId":"u1","timestamp":"2025-02-02T00:00:00Z","tenantId":"t1","payload":{"targetCustomerId":"G1","sourceCustomerId":"G1-old","mergeReason":"WRONG"}}""",
            "kafka", "test");
        Assert.Equal("CustomerUnmergedEvent", unmerge.Event?.Type);

        var redelivered = new IngestTally();
        redelivered.Count([unmerge, Item("kafka", "telecom")], [Outcome(IngestStatus.Duplicate), Outcome(IngestStatus.Accepted)]);
        Assert.Equal((false, 1L), (redelivered.HasUnmerge, redelivered.Accepted));

        redelivered.Count([unmerge], [Outcome(IngestStatus.Accepted)]); // a later batch of the same stretch
        Assert.Equal((true, 2L, 2), (redelivered.HasUnmerge, redelivered.Accepted, redelivered.Batches));
    }
}
