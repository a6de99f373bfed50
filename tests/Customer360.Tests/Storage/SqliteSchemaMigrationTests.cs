using Customer360.Core.Dialects;
using Customer360.Core.Events;
using Customer360.Core.Profiles;
using Customer360.Core.Storage;
using Customer360.Core.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace Customer360.Tests.Storage;

/// <summary>A file written by an older schema version opens, migrates and keeps everything it held.</summary>
public sealed class SqliteSchemaMigrationTests
{
    [Fact]
    public async Task A_version_1_file_keeps_its_timeline_and_note_search_after_the_timeline_is_rekeyed()
    {
        // Rows as version 1 wrote them: the timeline's own rowids (deliberately not the log's seqs) key the notes index.
        var path = OlderFile(1, """
                INSERT INTO events (seq, tenant_id, event_id, customer_id, type, occurred_at, dialect, source, origin, received_at, raw)
                VALUES (7, 'default', 'e-old', 'cust_9', 'support_ticket', '2024-01-10T09:00:00.0000000Z', 'customeriq', 'http', 'test', '2024-01-10T09:00:01.0000000Z', x'7B7D'),
                       (8, 'default', 'e-new', 'cust_9', 'contact', '2024-01-11T09:00:00.0000000Z', 'customeriq', 'http', 'test', '2024-01-11T09:00:01.0000000Z', x'7B7D');
                INSERT INTO customers (tenant_id, id, name, first_seen_at, last_seen_at, events_count, updated_at)
                VALUES ('default', 'cust_9', 'Vera Old', '2024-01-10T09:00:00.0000000Z', '2024-01-11T09:00:00.0000000Z', 2, '2024-01-11T09:00:01.0000000Z');
                INSERT INTO timeline (rowid, tenant_id, event_id, customer_id, type, occurred_at, source, dialect, title, description, data)
                VALUES (100, 'default', 'e-old', 'cust_9', 'support_ticket', '2024-01-10T09:00:00.0000000Z', 'crm', 'customeriq', 'Router', 'flickering lights on the router', '{}'),
                       (101, 'default', 'e-new', 'cust_9', 'contact', '2024-01-11T09:00:00.0000000Z', 'crm', 'customeriq', 'Call', 'asked about invoices', '{}');
                INSERT INTO notes_fts (rowid, text, tenant_id, customer_id) VALUES
                    (100, 'Router' || char(10) || 'flickering lights on the router', 'default', 'cust_9'),
                    (101, 'Call' || char(10) || 'asked about invoices', 'default', 'cust_9');
                """);

        await using var store = await SqliteStores.OpenAsync(path);

        var page = await store.GetTimelineAsync("default", "cust_9", new TimelineQuery(Limit: 1), default);
        Assert.Equal("e-new", Assert.Single(page.Items).EventId);
        var older = await store.GetTimelineAsync("default", "cust_9", new TimelineQuery(Limit: 1, Before: page.Next), default);
        Assert.Equal("e-old", Assert.Single(older.Items).EventId);
        Assert.Null(older.Next);

        var hit = Assert.Single(await store.SearchAsync("default", "flickering", 10, default));
        Assert.Equal("cust_9", hit.Id);
        Assert.Contains("[flickering]", hit.Snippet, StringComparison.Ordinal);

        // And the migrated file takes new events: the timeline row is keyed by the new event's seq.
        var raw = RawMessage.FromString(
            """{"customer_id":"cust_9","event_type":"contact","timestamp":"2024-01-12T09:00:00Z","source_service":"crm","data":{"title":"Visit","description":"flickering again"}}""",
            "test", "t");
        var outcome = Assert.Single(await store.WriteBatchAsync([new IngestItem(raw, EventParser.CreateDefault().Parse(raw).Event, null)], default));
        Assert.Equal(Customer360.Core.Ingestion.IngestStatus.Accepted, outcome.Status);
        Assert.Equal(3, (await store.GetTimelineAsync("default", "cust_9", new TimelineQuery(), default)).Items.Count);
        Assert.Single(await store.SearchAsync("default", "flickering", 10, default));
    }

    [Fact]
    public async Task A_version_3_file_keeps_loyalty_credit_and_usage_when_they_move_into_the_customer_row()
    {
        var path = OlderFile(3, """
                INSERT INTO customers (tenant_id, id, name, events_count, updated_at) VALUES
                    ('org', 'loyal', 'Lo Yal', 3, '2025-01-01T00:00:00.0000000Z'),
                    ('org', 'meter', NULL, 2, '2025-01-01T00:00:00.0000000Z'),
                    ('org', 'plain', 'Plain', 1, '2025-01-01T00:00:00.0000000Z');
                INSERT INTO loyalty VALUES ('org', 'loyal', 450, 'gold', 900, 1000, 100);
                INSERT INTO credit VALUES ('org', 'loyal', 5000.5, 1200.25, 30);
                INSERT INTO usage VALUES ('org', 'meter', 150.5, 12.5, 40, 2, '2025-01-02T00:00:00.0000000Z', 1);
                """);

        await using var store = await SqliteStores.OpenAsync(path);

        var loyal = (await store.GetProfileAsync("org", "loyal", default))!.Profile;
        Assert.Equal((450L, "gold", 900L, 1000L, 100L), (loyal.Loyalty.PointsBalance, loyal.Loyalty.Tier, loyal.Loyalty.LifetimePoints, loyal.Loyalty.LifetimeEarned, loyal.Loyalty.LifetimeRedeemed));
        Assert.Equal((5000.5m, 1200.25m, 30), (loyal.Credit.Limit, loyal.Credit.Available, loyal.Credit.PaymentTermDays));
        Assert.True(loyal.Usage.IsEmpty);
        var meter = (await store.GetProfileAsync("org", "meter", default))!.Profile;
        Assert.Equal((150.5m, 12.5m, 40m, 2L, 1L), (meter.Usage.DataUsageMb, meter.Usage.CallMinutes, meter.Usage.RechargeTotal, meter.Usage.RechargeCount, meter.Usage.QoeIssues));
        Assert.Equal(new DateTimeOffset(2025, 1, 2, 0, 0, 0, TimeSpan.Zero), meter.Usage.LastLoginAt);
        Assert.True(meter.Loyalty.IsEmpty && meter.Credit.IsEmpty);
        var plain = (await store.GetProfileAsync("org", "plain", default))!.Profile;
        Assert.True(plain.Loyalty.IsEmpty && plain.Credit.IsEmpty && plain.Usage.IsEmpty);

        // The next meter event adds to what was migrated.
        var raw = RawMessage.FromString("""{"source":"in","customer_id":"meter","event_type":"recharge","timestamp":"2025-01-03T00:00:00Z","value":10,"tenant_id":"org"}""", "test", "t");
        await store.WriteBatchAsync([new IngestItem(raw, EventParser.CreateDefault().Parse(raw).Event, null)], default);
        meter = (await store.GetProfileAsync("org", "meter", default))!.Profile;
        Assert.Equal((50m, 3L), (meter.Usage.RechargeTotal, meter.Usage.RechargeCount));
    }

    [Fact]
    public async Task A_version_4_file_serves_its_timeline_from_the_log_with_merged_events_moved_and_undone_merges_hidden()
    {
        // Version 4 kept a timeline table: cust_b's event was moved to cust_a by a merge (the log still names cust_b),
        // and the logged merge event 'e-merge' has no timeline row (it was undone).
        var ticket = """{"customer_id":"cust_b","event_type":"support_ticket","timestamp":1704877200,"source_service":"crm","data":{"title":"Router","description":"flickering lights"}}""";
        var contact = """{"customer_id":"cust_a","event_type":"contact","timestamp":1704963600,"source_service":"crm","data":{"title":"Call","description":"asked about invoices"}}""";
        var path = OlderFile(4, $"""
                INSERT INTO events (seq, tenant_id, event_id, customer_id, type, occurred_at, dialect, source, origin, received_at, raw) VALUES
                    (7, 'default', 'e-ticket', 'cust_b', 'support_ticket', '2024-01-10T09:00:00.0000000Z', 'customeriq', 'http', 'test', '2024-01-10T09:00:01.0000000Z', CAST('{ticket}' AS BLOB)),
                    (8, 'default', 'e-contact', 'cust_a', 'contact', '2024-01-11T09:00:00.0000000Z', 'customeriq', 'http', 'test', '2024-01-11T09:00:01.0000000Z', CAST('{contact}' AS BLOB)),
                    (9, 'default', 'e-merge', 'cust_a', 'CustomerMergedEvent', '2024-01-12T09:00:00.0000000Z', 'crm-domain', 'http', 'test', '2024-01-12T09:00:01.0000000Z', CAST('{"{}"}' AS BLOB));
                INSERT INTO customers (tenant_id, id, name, events_count, updated_at) VALUES ('default', 'cust_a', 'Ann', 2, '2024-01-12T09:00:01.0000000Z');
                INSERT INTO timeline (tenant_id, customer_id, occurred_at, seq, event_id, type, source, dialect, title, description, data) VALUES
                    ('default', 'cust_a', '2024-01-10T09:00:00.0000000Z', 7, 'e-ticket', 'support_ticket', 'crm', 'customeriq', 'Router', 'flickering lights', '{"{}"}'),
                    ('default', 'cust_a', '2024-01-11T09:00:00.0000000Z', 8, 'e-contact', 'contact', 'crm', 'customeriq', 'Call', 'asked about invoices', '{"{}"}');
                """);

        await using var store = await SqliteStores.OpenAsync(path);

        var page = await store.GetTimelineAsync("default", "cust_a", new TimelineQuery(), default);
        Assert.Equal(["e-contact", "e-ticket"], page.Items.Select(i => i.EventId));
        var router = page.Items[1];
        Assert.Equal(("Router", "flickering lights", "crm"), (router.Title, router.Description, router.Source));
        Assert.Equal("Router", router.Data.GetProperty("title").GetString());
        Assert.Empty((await store.GetTimelineAsync("default", "cust_b", new TimelineQuery(), default)).Items);

        // Erasing cust_a reaches the moved event too: the log now names its timeline owner.
        var erased = await store.EraseCustomerAsync("default", "cust_a", "tester", default);
        Assert.Equal(3, erased!.EventsRedacted);
    }

    [Fact]
    public async Task A_version_5_file_keeps_its_duplicates_timeline_order_merges_and_erasure_when_the_log_gets_integer_keys()
    {
        // Logged out of time order, 100 ns apart: the ticks must order them as the texts did.
        static string Body(string id, string customer, string at) =>
            $$$"""{"source":"in","customer_id":"{{{customer}}}","event_id":"{{{id}}}","event_type":"recharge","timestamp":"{{{at}}}","value":1}""";
        var path = OlderFile(5, $"""
                INSERT INTO events (seq, tenant_id, event_id, customer_id, type, occurred_at, dialect, source, origin, received_at, raw) VALUES
                    (1, 'default', 'e-late', 'cust_5', 'recharge', '2024-01-10T09:00:00.0000002Z', 'telecom', 'in', 'test', '2024-01-10T09:00:01.0000000Z',
                        CAST('{Body("e-late", "cust_5", "2024-01-10T09:00:00.0000002Z")}' AS BLOB)),
                    (2, 'default', 'e-early', 'cust_5', 'recharge', '2024-01-10T09:00:00.0000001Z', 'telecom', 'in', 'test', '2024-01-10T09:00:01.0000000Z',
                        CAST('{Body("e-early", "cust_5", "2024-01-10T09:00:00.0000001Z")}' AS BLOB)),
                    (3, 'default', 'e-other', 'cust_6', 'recharge', '2024-01-11T09:00:00.0000000Z', 'telecom', 'in', 'test', '2024-01-11T09:00:01.0000000Z',
                        CAST('{Body("e-other", "cust_6", "2024-01-11T09:00:00.0000000Z")}' AS BLOB));
                INSERT INTO customers (tenant_id, id, events_count, recharge_total, recharge_count, updated_at) VALUES
                    ('default', 'cust_5', 2, 2, 2, '2024-01-10T09:00:01.0000000Z'), ('default', 'cust_6', 1, 1, 1, '2024-01-11T09:00:01.0000000Z');
                """);

        await using var store = await SqliteStores.OpenAsync(path);

        var newest = await store.GetTimelineAsync("default", "cust_5", new TimelineQuery(Limit: 1), default);
        Assert.Equal("e-late", Assert.Single(newest.Items).EventId);
        var older = await store.GetTimelineAsync("default", "cust_5", new TimelineQuery(Limit: 5, Before: newest.Next), default);
        Assert.Equal("e-early", Assert.Single(older.Items).EventId);

        // An event logged before the migration is still a duplicate after it; a new one is logged.
        static IngestItem Item(string json) => TestItems.Parse(json, "test", "t");

        var outcomes = await store.WriteBatchAsync(
            [Item(Body("e-early", "cust_5", "2024-01-10T09:00:00.0000001Z")), Item(Body("e-new", "cust_6", "2024-01-12T09:00:00Z"))], default);
        Assert.Equal([Customer360.Core.Ingestion.IngestStatus.Duplicate, Customer360.Core.Ingestion.IngestStatus.Accepted], outcomes.Select(o => o.Status));

        // A merge moves cust_6's logged events, old and new, to cust_5's timeline; erasing cust_5 then reaches all four.
        var merge = """{"eventType":"CustomerMergedEvent","eventId":"m-1","timestamp":"2024-01-13T09:00:00Z","tenantId":"default","payload":{"targetCustomerId":"cust_5","sourceCustomerId":"cust_6","mergeReason":"DUPLICATE"}}""";
        Assert.Equal(Customer360.Core.Ingestion.IngestStatus.Accepted, Assert.Single(await store.WriteBatchAsync([Item(merge)], default)).Status);
        var merged = await store.GetTimelineAsync("default", "cust_5", new TimelineQuery(), default);
        Assert.Equal(["m-1", "e-new", "e-other", "e-late", "e-early"], merged.Items.Select(i => i.EventId));

        var erased = await store.EraseCustomerAsync("default", "cust_5", "tester", default);
        Assert.Equal(5, erased!.EventsRedacted);
    }

    [Fact]
    public async Task A_file_from_a_newer_build_is_refused_with_both_versions_named()
    {
        var path = OlderFile(SqliteSchema.Version, $"PRAGMA user_version = {SqliteSchema.Version + 1};");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => SqliteStores.OpenAsync(path));

        Assert.Contains($"version {SqliteSchema.Version + 1}, newer than this build knows ({SqliteSchema.Version})", error.Message, StringComparison.Ordinal);
    }

    /// <summary>A file migrated only up to `version`, holding the rows `sql` writes as that version would have.</summary>
    private static string OlderFile(int version, string sql)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("c360-migrate-").FullName, $"v{version}.db");
        using var c = new SqliteConnection($"Data Source={path};Pooling=False");
        c.Open();
        SqliteSchema.Migrate(c, target: version);
        using var insert = c.CreateCommand();
        insert.CommandText = sql;
        insert.ExecuteNonQuery();
        return path;
    }
}
