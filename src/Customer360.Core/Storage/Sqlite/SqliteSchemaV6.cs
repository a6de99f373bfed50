namespace Customer360.Core.Storage.Sqlite;

/// <summary>
/// Version 6: the raw log's two indexes hold integers (SqliteKeys). Every event adds one entry at a random place in
/// each, so every commit rewrote most of their pages; (tenant, event id) and (tenant, customer, time text) entries
/// were 48-57 bytes, (event_key) and (customer_key, occurred_ticks) are 12-22. Dropping the UNIQUE (tenant_id, event_id)
/// constraint needs a new table: SQLite cannot drop a constraint's index. The store now finds a duplicate by looking
/// its key up before the append (one writer at a time, in the write transaction), and compares the ids, since two ids
/// may share a key. The migration copies the log once (c360_key and c360_ticks are SqliteKeys.Register's).
/// </summary>
internal static class SqliteSchemaV6
{
    public const string Sql = """
        CREATE TABLE events_v6 (
            seq            INTEGER PRIMARY KEY,
            tenant_id      TEXT NOT NULL,
            event_id       TEXT NOT NULL,
            customer_id    TEXT NOT NULL,
            type           TEXT NOT NULL,
            occurred_at    TEXT NOT NULL,
            dialect        TEXT NOT NULL,
            source         TEXT NOT NULL,
            origin         TEXT NOT NULL,
            received_at    TEXT NOT NULL,
            tenant_hint    TEXT,
            broker_time    TEXT,
            event_key      INTEGER NOT NULL,
            customer_key   INTEGER NOT NULL,
            occurred_ticks INTEGER NOT NULL,
            raw            BLOB NOT NULL
        );
        INSERT INTO events_v6
            SELECT seq, tenant_id, event_id, customer_id, type, occurred_at, dialect, source, origin, received_at, tenant_hint, broker_time,
                   c360_key(tenant_id, event_id), c360_key(tenant_id, customer_id), c360_ticks(occurred_at), raw
            FROM events ORDER BY seq;
        DROP TABLE events;
        ALTER TABLE events_v6 RENAME TO events;
        CREATE INDEX events_key ON events (event_key);
        CREATE INDEX events_customer ON events (customer_key, occurred_ticks);
        """;
}
