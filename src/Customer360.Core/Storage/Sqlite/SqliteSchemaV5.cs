namespace Customer360.Core.Storage.Sqlite;

/// <summary>
/// Version 5: the timeline is served from the raw log. A timeline row copied the event (title, description, data)
/// into a second B-tree clustered by customer, so every event dirtied a random page of it: a third of the write
/// cost (bench/README.md). Now an index on the log, (tenant, customer, time) with the seq as its rowid, finds a
/// customer's events and the page is built by parsing the raw bodies again. `events.customer_id` follows merges
/// (it is the customer whose timeline shows the event); `timeline_hidden` lists the logged events no timeline
/// shows (an undone merge, the undo itself). Migrating copies the timeline's customer ids into the log.
/// </summary>
internal static class SqliteSchemaV5
{
    public const string Sql = """
        CREATE TABLE timeline_hidden (seq INTEGER PRIMARY KEY);
        CREATE TEMP TABLE timeline_owner (seq INTEGER PRIMARY KEY, customer_id TEXT NOT NULL);
        INSERT INTO temp.timeline_owner SELECT seq, customer_id FROM timeline;
        INSERT INTO timeline_hidden
            SELECT e.seq FROM events e WHERE NOT EXISTS (SELECT 1 FROM temp.timeline_owner o WHERE o.seq = e.seq);
        UPDATE events SET customer_id = (SELECT o.customer_id FROM temp.timeline_owner o WHERE o.seq = events.seq)
            WHERE seq IN (SELECT o.seq FROM temp.timeline_owner o JOIN events e ON e.seq = o.seq WHERE e.customer_id <> o.customer_id);
        CREATE INDEX events_customer ON events (tenant_id, customer_id, occurred_at);
        DROP TABLE timeline;
        DROP TABLE temp.timeline_owner;
        """;
}
