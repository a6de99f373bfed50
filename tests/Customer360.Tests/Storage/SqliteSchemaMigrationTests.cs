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
        var path = Path.Combine(Directory.CreateTempSubdirectory("c360-migrate-").FullName, "v1.db");
        await using (var v1 = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            v1.Open();
            SqliteSchema.Migrate(v1, target: 1);
            using var insert = v1.CreateCommand();
            // Rows as version 1 wrote them: the timeline's own rowids (deliberately not the log's seqs) key the notes index.
            insert.CommandText = """
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
                """;
            insert.ExecuteNonQuery();
        }

        await using var store = new SqliteProfileStore(new SqliteOptions { Path = path }, new ProjectionOptions());
        await store.InitializeAsync(default);

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
}
