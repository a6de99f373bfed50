using System.Text;
using Customer360.Core.Events;
using Customer360.Core.Ingestion;
using Customer360.Core.Profiles;
using Customer360.Core.Storage;

namespace Customer360.Tests.Storage;

/// <summary>
/// The one store contract: every IProfileStore (SQLite here, PostgreSQL in the integration tests) must pass
/// it unchanged. Derive, implement CreateStoreAsync, and the whole suite runs against that store.
/// </summary>
public abstract partial class ProfileStoreContract : IAsyncLifetime
{
    private readonly List<IProfileStore> _stores = [];

    protected IProfileStore Store { get; private set; } = null!;

    /// <summary>A new, empty, initialised store.</summary>
    protected abstract Task<IProfileStore> CreateStoreAsync(ProjectionOptions options);

    /// <summary>Another store object on the same data as `store` (a restart with other options).</summary>
    protected abstract Task<IProfileStore> OpenSameDataAsync(IProfileStore store, ProjectionOptions options);

    public async Task InitializeAsync() => Store = await NewStoreAsync(new ProjectionOptions());

    public async Task DisposeAsync()
    {
        foreach (var s in _stores)
        {
            await s.DisposeAsync();
        }
    }

    protected async Task<IProfileStore> NewStoreAsync(ProjectionOptions options, IProfileStore? sameDataAs = null)
    {
        var store = sameDataAs is null ? await CreateStoreAsync(options) : await OpenSameDataAsync(sameDataAs, options);
        _stores.Add(store);
        return store;
    }

    protected static IngestItem Item(string json, string source = "test") => TestItems.Parse(json, source, $"{source}:contract");

    protected Task<IReadOnlyList<IngestOutcome>> WriteAsync(params string[] json) => Store.WriteBatchAsync(json.Select(j => Item(j)).ToList(), default);

    protected static string Telecom(string customer, string type, decimal? value, string at) =>
        $$$"""{"source":"in","customer_id":"{{{customer}}}","event_type":"{{{type}}}","timestamp":"{{{at}}}","value":{{{(value is null ? "null" : value.Value.ToString(System.Globalization.CultureInfo.InvariantCulture))}}}}""";

    protected static string Purchase(string customer, string purchaseId, decimal total, long at, string? email = null) =>
        $$$"""{"customer_id":"{{{customer}}}","event_type":"purchase","timestamp":{{{at}}},"source_service":"shop","data":{"purchase_id":"{{{purchaseId}}}","product_name":"Widget {{{purchaseId}}}","total":{{{total.ToString(System.Globalization.CultureInfo.InvariantCulture)}}}{{{(email is null ? "" : $",\"email\":\"{email}\"")}}}}}""";

    protected static string Crm(string type, string id, string at, string payload, string tenant = "t1") =>
        $$$"""{"eventType":"{{{type}}}","eventId":"{{{id}}}","timestamp":"{{{at}}}","tenantId":"{{{tenant}}}","payload":{{{payload}}}}""";

    [Fact]
    public async Task Writes_a_batch_and_reads_the_profile_back()
    {
        var outcomes = await WriteAsync(Telecom("m1", "data_usage", 100.5m, "2024-01-15T10:00:00Z"), Telecom("m1", "recharge", 20, "2024-01-15T11:00:00Z"));

        Assert.All(outcomes, o => Assert.Equal(IngestStatus.Accepted, o.Status));
        Assert.All(outcomes, o => Assert.Equal("m1", o.CustomerId));
        var p = (await Store.GetProfileAsync("default", "m1", default))!.Profile;
        Assert.Equal(100.5m, p.Usage.DataUsageMb);
        Assert.Equal(20m, p.Usage.RechargeTotal);
        Assert.Equal(20m, p.LifetimeValue);
        Assert.Equal(2, p.EventCount);
        Assert.Equal(new DateTimeOffset(2024, 1, 15, 10, 0, 0, TimeSpan.Zero), p.FirstSeenAt);
        Assert.Null(await Store.GetProfileAsync("other-tenant", "m1", default));
    }

    [Fact]
    public async Task Tags_and_custom_fields_are_read_back_from_the_stored_row_and_a_profile_without_tags_has_none()
    {
        await WriteAsync(
            """{"customer_id":"tg1","event_type":"profile_update","timestamp":1734000000,"source_service":"crm","data":{"tags":["vip","gold"],"custom_fields":{"tier":"A"}}}""",
            """{"customer_id":"tg1","event_type":"profile_update","timestamp":1734000100,"source_service":"crm","data":{"tags":["early"]}}""",
            Telecom("tg2", "recharge", 5, "2024-01-15T10:00:00Z"));

        var reopened = await NewStoreAsync(new ProjectionOptions(), sameDataAs: Store); // no writer cache: the row itself
        var tagged = (await reopened.GetProfileAsync("default", "tg1", default))!.Profile;
        var plain = (await reopened.GetProfileAsync("default", "tg2", default))!.Profile;

        Assert.Equal(["early", "gold", "vip"], tagged.Tags);
        Assert.Equal("A", tagged.CustomFields["tier"]!.GetValue<string>());
        Assert.Empty(plain.Tags);
    }

    [Fact]
    public async Task Duplicate_event_ids_are_reported_and_applied_once_within_and_across_batches()
    {
        var e = Telecom("m2", "recharge", 10, "2024-01-15T10:00:00Z");
        var first = await WriteAsync(e, e);
        var second = await WriteAsync(e);

        Assert.Equal([IngestStatus.Accepted, IngestStatus.Duplicate], first.Select(o => o.Status));
        Assert.Equal(IngestStatus.Duplicate, Assert.Single(second).Status);
        var p = (await Store.GetProfileAsync("default", "m2", default))!.Profile;
        Assert.Equal(10m, p.Usage.RechargeTotal);
        Assert.Equal(1, p.EventCount);
        Assert.Equal(1, (await Store.GetStatsAsync(default)).Events);
    }

    [Fact]
    public async Task Rejections_become_dead_letters_with_raw_bytes_reason_and_origin()
    {
        var bad = new IngestItem(new RawMessage(new byte[] { 0x7B, 0xFF, 0x7D }, "kafka", "kafka:t/0@7") { Tenant = "tx", BrokerTime = DateTimeOffset.UnixEpoch.AddYears(50) }, null, "not valid UTF-8");
        var outcomes = await Store.WriteBatchAsync([bad, Item(Telecom("m3", "app_login", null, "2024-01-15T10:00:00Z"))], default);

        Assert.Equal(IngestStatus.Rejected, outcomes[0].Status);
        Assert.Equal(IngestStatus.Accepted, outcomes[1].Status);
        var letter = (await Store.GetDeadLetterAsync(outcomes[0].DeadLetterId!.Value, default))!;
        Assert.Equal(new byte[] { 0x7B, 0xFF, 0x7D }, letter.Raw);
        Assert.Equal("not valid UTF-8", letter.Reason);
        Assert.Equal("kafka:t/0@7", letter.Origin);
        Assert.Equal("kafka", letter.Source);
        Assert.Equal("tx", letter.TenantHint);
        Assert.Equal(bad.Raw.BrokerTime, letter.BrokerTime);

        await Store.RecordDeadLetterRetryAsync(letter.Id, "still bad", default);
        var retried = (await Store.GetDeadLetterAsync(letter.Id, default))!;
        Assert.Equal(1, retried.Retries);
        Assert.Equal("still bad", retried.Reason);

        Assert.Single(await Store.ListDeadLettersAsync(10, null, default));
        Assert.True(await Store.DeleteDeadLetterAsync(letter.Id, default));
        Assert.False(await Store.DeleteDeadLetterAsync(letter.Id, default));
        Assert.Empty(await Store.ListDeadLettersAsync(10, null, default));
    }

    [Fact]
    public async Task A_successful_retry_removes_its_dead_letter_in_the_same_batch()
    {
        var id = (await Store.WriteBatchAsync([Item("{}")], default))[0].DeadLetterId!.Value;
        var fixedItem = Item(Telecom("m4", "recharge", 5, "2024-01-15T10:00:00Z")) with { RetriesDeadLetterId = id };
        Assert.Equal(IngestStatus.Accepted, (await Store.WriteBatchAsync([fixedItem], default))[0].Status);
        Assert.Null(await Store.GetDeadLetterAsync(id, default));
    }

    [Fact]
    public async Task Timeline_pages_newest_first_with_a_stable_cursor_over_equal_times()
    {
        var events = Enumerable.Range(0, 7).Select(i => Telecom("m5", "data_usage", i + 1, i < 4 ? "2024-01-15T10:00:00Z" : $"2024-01-15T1{i}:00:00Z")).ToArray();
        await WriteAsync(events);

        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = await Store.GetTimelineAsync("default", "m5", new TimelineQuery(3, cursor), default);
            seen.AddRange(page.Items.Select(t => t.EventId));
            Assert.True(page.Items.Zip(page.Items.Skip(1)).All(p => p.First.OccurredAt >= p.Second.OccurredAt));
            cursor = page.Next;
        }
        while (cursor is not null);

        Assert.Equal(7, seen.Count);
        Assert.Equal(7, seen.Distinct().Count());
        var onlyUsage = await Store.GetTimelineAsync("default", "m5", new TimelineQuery(50, null, "recharge"), default);
        Assert.Empty(onlyUsage.Items);
    }

    [Fact]
    public async Task A_purchase_sent_again_under_a_new_event_is_counted_once_and_newest_wins()
    {
        await WriteAsync(Purchase("c1", "ord-1", 10m, 1734134400), Purchase("c1", "ord-2", 5m, 1734134500));
        await WriteAsync(Purchase("c1", "ord-1", 12m, 1734134600), Purchase("c1", "ord-1", 99m, 1734134000));

        var purchases = await Store.GetPurchasesAsync("default", "c1", default);
        Assert.Equal(2, purchases.Count);
        Assert.Equal(12m, purchases.Single(p => p.Id == "ord-1").Total);
        var profile = (await Store.GetProfileAsync("default", "c1", default))!.Profile;
        Assert.Equal(17m, profile.LifetimeValue);
        Assert.Equal(2, profile.PurchaseCount);
        Assert.Equal(4, profile.EventCount);
    }

    [Fact]
    public async Task An_event_known_only_by_email_finds_the_customer_that_has_it()
    {
        await WriteAsync(Purchase("c2", "o-1", 1m, 1734134400, "Ann@Example.com"));
        var outcomes = await WriteAsync("""{"event_type":"contact","timestamp":1734134500,"source_service":"s","data":{"email":"ann@example.com","title":"hi"}}""");
        Assert.Equal("c2", outcomes[0].CustomerId);

        var unknown = await WriteAsync(
            """{"event_type":"contact","timestamp":1734134500,"source_service":"s","data":{"email":"new@example.com"}}""",
            """{"event_type":"note","timestamp":1734134600,"source_service":"s","data":{"customer_email":"NEW@example.com","content":"likes tea"}}""");
        Assert.Equal(unknown[0].CustomerId, unknown[1].CustomerId);
        var created = (await Store.GetProfileAsync("default", unknown[0].CustomerId!, default))!.Profile;
        Assert.Equal("new@example.com", created.Get(ProfileFields.Email));
        Assert.Equal(1, created.KnowledgeCount);
    }

    [Fact]
    public async Task Search_finds_profile_fields_and_timeline_text_within_the_tenant_only()
    {
        await WriteAsync(
            Crm("CustomerProfileCreatedEvent", "e1", "2026-02-02T09:00:00Z", """{"customerId":"A1","name":"Zebra Logistics","email":"ops@zebra.example"}"""),
            Crm("CustomerProfileCreatedEvent", "e2", "2026-02-02T09:00:00Z", """{"customerId":"A1","name":"Zebra Other Tenant"}""", tenant: "t2"),
            """{"customer_id":"B1","event_type":"support_ticket","timestamp":1734134400,"source_service":"s","data":{"title":"Router","description":"The quokka firmware keeps rebooting"}}""");

        Assert.Equal("A1", Assert.Single(await Store.SearchAsync("t1", "zeb", 10, default)).Id);
        Assert.Equal("A1", Assert.Single(await Store.SearchAsync("t1", "ops@zebra.example", 10, default)).Id);
        var hit = Assert.Single(await Store.SearchAsync("default", "quokka firmware", 10, default));
        Assert.Equal("B1", hit.Id);
        Assert.Contains("quokka", hit.Snippet, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(await Store.SearchAsync("default", "zebra", 10, default));
        foreach (var hostile in new[] { "\"", "a OR", "NEAR(", "*", "'; DROP TABLE customers; --", "AND AND", "^x" })
        {
            await Store.SearchAsync("t1", hostile, 10, default); // no syntax error escapes
        }

        // No query: the tenant's customers, most recently seen first.
        Assert.Equal(["A1"], (await Store.SearchAsync("t1", null, 10, default)).Select(h => h.Id));
        Assert.Equal(["B1"], (await Store.SearchAsync("default", "", 10, default)).Select(h => h.Id));
    }

    [Fact]
    public async Task A_merge_moves_history_and_sums_and_later_events_land_on_the_golden_record()
    {
        await WriteAsync(
            Purchase("old", "p-old", 30m, 1734134400),
            Telecom("old", "recharge", 5, "2024-12-14T00:00:00Z"),
            Purchase("gold", "p-gold", 20m, 1734134500));
        await WriteAsync(Crm("CustomerMergedEvent", "m1", "2024-12-15T00:00:00Z", """{"targetCustomerId":"gold","sourceCustomerId":"old","mergeReason":"DUPLICATE"}""", tenant: "default"));
        await WriteAsync(Purchase("old", "p-late", 1m, 1734300000));

        var view = (await Store.GetProfileAsync("default", "old", default))!;
        Assert.Equal("gold", view.Profile.Id);
        Assert.Contains("old", view.Aliases);
        Assert.Equal(56m, view.Profile.LifetimeValue); // 30 + 20 + 1 purchases + 5 recharge
        Assert.Equal(3, view.Profile.PurchaseCount);
        Assert.Equal(5, view.Profile.EventCount);
        Assert.Equal(5, (await Store.GetTimelineAsync("default", "gold", new TimelineQuery(50), default)).Items.Count);
        Assert.Equal(1, (await Store.GetStatsAsync(default)).Customers);
    }

    [Fact]
    public async Task A_merge_that_arrives_before_its_source_exists_still_routes_the_source()
    {
        await WriteAsync(Crm("CustomerMergedEvent", "m2", "2024-12-15T00:00:00Z", """{"targetCustomerId":"G","sourceCustomerId":"S","mergeReason":"DUPLICATE"}""", tenant: "default"));
        var later = await WriteAsync(Telecom("S", "recharge", 7, "2024-12-16T00:00:00Z"));
        Assert.Equal("G", later[0].CustomerId);
        Assert.Equal(7m, (await Store.GetProfileAsync("default", "G", default))!.Profile.Usage.RechargeTotal);
    }

    [Fact]
    public async Task The_raw_log_keeps_every_event_in_arrival_order_and_replay_rebuilds_the_same_profiles()
    {
        var events = Samples.SampleFiles.Every().ToArray();
        await WriteAsync(events);
        var before = await SnapshotAsync();

        var log = await Store.ReadEventLogAsync(0, 1000, default);
        Assert.Equal(events.Length, log.Count);
        Assert.Equal(events.Select(Encoding.UTF8.GetBytes), log.Select(l => l.Raw));
        Assert.True(log.Zip(log.Skip(1)).All(p => p.First.Seq < p.Second.Seq));

        var replay = new ReplayService(TestItems.Parser, Store);
        var result = await replay.ReplayAsync(null, default, batchSize: 7);
        Assert.Equal(events.Length, result.Done);
        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task With_auto_create_off_an_unknown_customer_is_a_dead_letter()
    {
        var store = await NewStoreAsync(new ProjectionOptions { AutoCreateCustomers = false });
        var outcome = (await store.WriteBatchAsync([Item(Telecom("ghost", "recharge", 1, "2024-01-15T10:00:00Z"))], default))[0];
        Assert.Equal(IngestStatus.Rejected, outcome.Status);
        Assert.Contains("auto-create is off", outcome.Reason, StringComparison.Ordinal);
        Assert.NotNull(await store.GetDeadLetterAsync(outcome.DeadLetterId!.Value, default));
    }

    [Fact]
    public async Task Stats_count_events_by_source_dialect_and_type()
    {
        await Store.WriteBatchAsync([Item(Telecom("s1", "recharge", 1, "2024-01-15T10:00:00Z"), "kafka"), Item(Purchase("s2", "x", 1, 1734134400), "nats"), Item("{}")], default);
        var stats = await Store.GetStatsAsync(default);
        Assert.Equal(2, stats.Customers);
        Assert.Equal(2, stats.Events);
        Assert.Equal(1, stats.DeadLetters);
        Assert.Equal(1, stats.EventsBySource["kafka"]);
        Assert.Equal(1, stats.EventsByDialect["customeriq"]);
        Assert.Equal(1, stats.EventsByType["recharge"]);
    }

    /// <summary>Everything a user can read about every sample customer, as text, for equality checks.</summary>
    protected async Task<string> SnapshotAsync()
    {
        var sb = new StringBuilder();
        foreach (var (tenant, id) in new[] { ("org_001", "cust_123"), ("org_001", "cust_456"), ("default", "cust_001"), ("default", "cust_123"), ("default", "1234567890"), ("tenant-001", "CUST-100"), ("default", "TEST-123") })
        {
            var view = await Store.GetProfileAsync(tenant, id, default);
            sb.AppendLine(System.Text.Json.JsonSerializer.Serialize(view));
            sb.AppendLine(System.Text.Json.JsonSerializer.Serialize(await Store.GetTimelineAsync(tenant, id, new TimelineQuery(500), default)));
            sb.AppendLine(System.Text.Json.JsonSerializer.Serialize(await Store.GetPurchasesAsync(tenant, id, default)));
            sb.AppendLine(System.Text.Json.JsonSerializer.Serialize(await Store.GetWorkOrdersAsync(tenant, id, default)));
            sb.AppendLine(System.Text.Json.JsonSerializer.Serialize(await Store.GetKnowledgeAsync(tenant, id, default)));
        }

        sb.AppendLine(System.Text.Json.JsonSerializer.Serialize(await Store.SearchAsync("default", "bluetooth", 10, default)));
        return sb.ToString();
    }
}
