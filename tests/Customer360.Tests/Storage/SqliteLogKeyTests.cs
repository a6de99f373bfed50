using Customer360.Core.Ingestion;
using Customer360.Core.Profiles;
using Customer360.Core.Storage;
using Customer360.Core.Storage.Sqlite;

namespace Customer360.Tests.Storage;

/// <summary>
/// The raw log's integer keys (schema v6): a hash stands for an event id or a customer id in the log's indexes, so two
/// ids can share one, and the store must still tell them apart everywhere it looks an id up.
/// </summary>
public sealed class SqliteLogKeyTests
{
    // Two ids with the same key under tenant "default": a birthday search over 60M ids "c" + 16 hex digits found 16
    // such pairs, as many as 47 random bits predict.
    private const string SharedKeyA = "cfecf5221143af0a9";
    private const string SharedKeyB = "c60703554408dec16";

    [Fact]
    public void The_ids_used_here_share_a_key_and_keys_are_the_values_every_file_already_holds()
    {
        Assert.Equal(SqliteKeys.Of("default", SharedKeyA), SqliteKeys.Of("default", SharedKeyB));

        // Pinned: files store these keys, so the function may never change.
        Assert.Equal(29787789430259L, SqliteKeys.Of("default", "cust_001"));
        Assert.Equal(117372680896269L, SqliteKeys.Of("t1", "e-1"));
        Assert.Equal(4506092034677L, SqliteKeys.Of("", "x"));
        Assert.NotEqual(SqliteKeys.Of("ab", "c"), SqliteKeys.Of("a", "bc"));
        Assert.InRange(SqliteKeys.Of("default", SharedKeyA), 0L, (1L << 47) - 1);
    }

    [Fact]
    public async Task Two_event_ids_that_share_a_key_are_both_logged_and_each_is_a_duplicate_only_of_itself()
    {
        await using var store = await NewStoreAsync();
        var a = Telecom("m1", SharedKeyA, 10, "2024-01-15T10:00:00Z");
        var b = Telecom("m1", SharedKeyB, 5, "2024-01-15T11:00:00Z");

        var first = await WriteAsync(store, a, b, a);
        var second = await WriteAsync(store, b);

        Assert.Equal([IngestStatus.Accepted, IngestStatus.Accepted, IngestStatus.Duplicate], first.Select(o => o.Status));
        Assert.Equal(IngestStatus.Duplicate, Assert.Single(second).Status);
        Assert.Equal(15m, (await store.GetProfileAsync("default", "m1", default))!.Profile.Usage.RechargeTotal);
        var timeline = await store.GetTimelineAsync("default", "m1", new TimelineQuery(), default);
        Assert.Equal([SharedKeyB, SharedKeyA], timeline.Items.Select(t => t.EventId));
    }

    [Fact]
    public async Task Two_customers_that_share_a_key_keep_their_own_timelines_and_an_erasure_redacts_only_one()
    {
        await using var store = await NewStoreAsync();
        await WriteAsync(store,
            Telecom(SharedKeyA, "e-a1", 1, "2024-01-15T10:00:00Z"),
            Telecom(SharedKeyB, "e-b1", 2, "2024-01-15T10:30:00Z"),
            Telecom(SharedKeyA, "e-a2", 3, "2024-01-15T11:00:00Z"));

        var pageA = await store.GetTimelineAsync("default", SharedKeyA, new TimelineQuery(1), default);
        Assert.Equal("e-a2", Assert.Single(pageA.Items).EventId);
        var restA = await store.GetTimelineAsync("default", SharedKeyA, new TimelineQuery(5, pageA.Next), default);
        Assert.Equal("e-a1", Assert.Single(restA.Items).EventId);
        Assert.Equal(["e-b1"], (await store.GetTimelineAsync("default", SharedKeyB, new TimelineQuery(), default)).Items.Select(t => t.EventId));

        var erased = await store.EraseCustomerAsync("default", SharedKeyA, "tester", default);

        Assert.Equal(2, erased!.EventsRedacted);
        Assert.Empty((await store.GetTimelineAsync("default", SharedKeyA, new TimelineQuery(), default)).Items);
        Assert.Equal(["e-b1"], (await store.GetTimelineAsync("default", SharedKeyB, new TimelineQuery(), default)).Items.Select(t => t.EventId));
        Assert.Equal(2m, (await store.GetProfileAsync("default", SharedKeyB, default))!.Profile.Usage.RechargeTotal);
    }

    [Fact]
    public async Task A_merge_moves_only_the_source_customers_events_when_another_customer_shares_its_key()
    {
        await using var store = await NewStoreAsync();
        await WriteAsync(store,
            Telecom(SharedKeyA, "e-a1", 1, "2024-01-15T10:00:00Z"),
            Telecom(SharedKeyB, "e-b1", 2, "2024-01-15T10:30:00Z"),
            Telecom("gold", "e-g1", 4, "2024-01-15T11:00:00Z"));

        var merge = $$$"""{"eventType":"CustomerMergedEvent","eventId":"m-1","timestamp":"2024-01-16T09:00:00Z","tenantId":"default","payload":{"targetCustomerId":"gold","sourceCustomerId":"{{{SharedKeyA}}}","mergeReason":"DUPLICATE"}}""";
        Assert.Equal(IngestStatus.Accepted, Assert.Single(await WriteAsync(store, merge)).Status);

        var gold = await store.GetTimelineAsync("default", "gold", new TimelineQuery(), default);
        Assert.Equal(["m-1", "e-g1", "e-a1"], gold.Items.Select(t => t.EventId));
        Assert.Equal(["e-b1"], (await store.GetTimelineAsync("default", SharedKeyB, new TimelineQuery(), default)).Items.Select(t => t.EventId));
    }

    private static string Telecom(string customer, string eventId, decimal value, string at) =>
        $$$"""{"source":"in","customer_id":"{{{customer}}}","event_id":"{{{eventId}}}","event_type":"recharge","timestamp":"{{{at}}}","value":{{{value.ToString(System.Globalization.CultureInfo.InvariantCulture)}}}}""";

    private static Task<IReadOnlyList<IngestOutcome>> WriteAsync(IProfileStore store, params string[] json) =>
        store.WriteBatchAsync(json.Select(j => TestItems.Parse(j, "test", "test:keys")).ToList(), default);

    private static Task<SqliteProfileStore> NewStoreAsync() =>
        SqliteStores.OpenAsync(Path.Combine(Directory.CreateTempSubdirectory("c360-keys-").FullName, "customer360.db"));
}
