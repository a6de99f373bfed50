using Customer360.Core.Dialects;
using Customer360.Core.Events;
using Customer360.Core.Ingestion;
using Customer360.Core.Profiles;
using Customer360.Core.Storage;
using Customer360.Core.Storage.Postgres;

namespace Customer360.IntegrationTests.Postgres;

/// <summary>Values SQLite stores but PostgreSQL refuses (NUL, numbers beyond numeric) never block a batch.</summary>
[Collection(PostgresGroup.Name)]
public sealed class PostgresRefusedValuesTests(PostgresCluster cluster)
{
    [Fact]
    public async Task Nul_characters_are_stored_lone_surrogates_rejected_and_an_unstorable_number_is_dead_lettered_alone()
    {
        await using var store = new PostgresProfileStore(new PostgresOptions { ConnectionString = await cluster.CreateDatabaseAsync() }, new ProjectionOptions());
        await store.InitializeAsync(default);
        var parser = EventParser.CreateDefault();
        string[] events =
        [
            """{"customer_id":"n1","event_type":"support_ticket","timestamp":1734134400,"source_service":"s","data":{"title":"nul\u0000here","description":"a\u0000b"}}""",
            """{"eventType":"SomethingNotedEvent","eventId":"s1","timestamp":"2024-01-15T10:00:00Z","payload":{"customerId":"n2","remark":"a \ud800 pair","other":"\udc00"}}""",
            """{"source":"in","customer_id":"n3","event_type":"custom","timestamp":"2024-01-15T10:00:00Z","metadata":{"huge":1e999999}}""",
            """{"source":"in","customer_id":"n4","event_type":"recharge","timestamp":"2024-01-15T10:00:00Z","value":5}""",
        ];
        var items = events.Select(j =>
        {
            var raw = RawMessage.FromString(j, "test", "test:refused");
            var parsed = parser.Parse(raw);
            return new IngestItem(raw, parsed.Event, parsed.Rejection);
        }).ToList();

        var outcomes = await store.WriteBatchAsync(items, default);

        Assert.Equal(IngestStatus.Accepted, outcomes[0].Status);
        // Lone surrogates never reach a store: the parser refuses them for every store alike.
        Assert.Equal(IngestStatus.Rejected, outcomes[1].Status);
        Assert.Contains("lone UTF-16 surrogate", outcomes[1].Reason, StringComparison.Ordinal);
        Assert.Equal(IngestStatus.Accepted, outcomes[3].Status);
        Assert.Equal(5m, (await store.GetProfileAsync("default", "n4", default))!.Profile.Usage.RechargeTotal);
        Assert.Contains("here", (await store.GetTimelineAsync("default", "n1", new TimelineQuery(), default)).Items[0].Title, StringComparison.Ordinal);
        Assert.Equal(IngestStatus.Rejected, outcomes[2].Status);
        var letter = (await store.GetDeadLetterAsync(outcomes[2].DeadLetterId!.Value, default))!;
        Assert.Contains("PostgreSQL", letter.Reason, StringComparison.Ordinal);
        Assert.Equal(events[2], System.Text.Encoding.UTF8.GetString(letter.Raw));
        Assert.Equal(2, (await store.GetStatsAsync(default)).Events);
    }
}
