using Microsoft.Data.Sqlite;

namespace Customer360.Core.Storage.Sqlite;

/// <summary>
/// The SQLite schema, versioned with PRAGMA user_version so opening an older file migrates it. Times are
/// ISO 8601 UTC text with 7 fraction digits: readable in sqlite3 and ordered as text. The raw log also keeps integer
/// keys for its indexes (SqliteSchemaV6, SqliteKeys).
/// </summary>
internal static class SqliteSchema
{
    public const int Version = 6;

    private const string V1 = """
        CREATE TABLE IF NOT EXISTS events (
            seq          INTEGER PRIMARY KEY,
            tenant_id    TEXT NOT NULL,
            event_id     TEXT NOT NULL,
            customer_id  TEXT NOT NULL,
            type         TEXT NOT NULL,
            occurred_at  TEXT NOT NULL,
            dialect      TEXT NOT NULL,
            source       TEXT NOT NULL,
            origin       TEXT NOT NULL,
            received_at  TEXT NOT NULL,
            tenant_hint  TEXT,
            broker_time  TEXT,
            raw          BLOB NOT NULL,
            UNIQUE (tenant_id, event_id)
        );
        CREATE TABLE IF NOT EXISTS customers (
            tenant_id          TEXT NOT NULL,
            id                 TEXT NOT NULL,
            name               TEXT,
            email              TEXT,
            phone              TEXT,
            company            TEXT,
            status             TEXT,
            segment            TEXT,
            customer_type      TEXT,
            primary_contact_id TEXT,
            customer_since     TEXT,
            first_seen_at      TEXT,
            last_seen_at       TEXT,
            lifetime_value     REAL NOT NULL DEFAULT 0,
            purchases_total    REAL NOT NULL DEFAULT 0,
            tags               TEXT NOT NULL DEFAULT '[]',
            custom_fields      TEXT NOT NULL DEFAULT '{}',
            field_times        TEXT NOT NULL DEFAULT '{}',
            events_count       INTEGER NOT NULL DEFAULT 0,
            purchases_count    INTEGER NOT NULL DEFAULT 0,
            work_orders_count  INTEGER NOT NULL DEFAULT 0,
            knowledge_count    INTEGER NOT NULL DEFAULT 0,
            updated_at         TEXT NOT NULL,
            UNIQUE (tenant_id, id)
        );
        CREATE INDEX IF NOT EXISTS customers_last_seen ON customers (tenant_id, last_seen_at DESC);
        CREATE TABLE IF NOT EXISTS loyalty (
            tenant_id TEXT NOT NULL, customer_id TEXT NOT NULL,
            points_balance INTEGER, tier TEXT, lifetime_points INTEGER,
            lifetime_earned INTEGER NOT NULL DEFAULT 0, lifetime_redeemed INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (tenant_id, customer_id)
        ) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS credit (
            tenant_id TEXT NOT NULL, customer_id TEXT NOT NULL,
            credit_limit REAL, available REAL, payment_term_days INTEGER,
            PRIMARY KEY (tenant_id, customer_id)
        ) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS usage (
            tenant_id TEXT NOT NULL, customer_id TEXT NOT NULL,
            data_usage_mb REAL NOT NULL DEFAULT 0, call_minutes REAL NOT NULL DEFAULT 0,
            recharge_total REAL NOT NULL DEFAULT 0, recharge_count INTEGER NOT NULL DEFAULT 0,
            last_login_at TEXT, qoe_issues INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (tenant_id, customer_id)
        ) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS consent (
            tenant_id TEXT NOT NULL, customer_id TEXT NOT NULL, consent_type TEXT NOT NULL,
            status TEXT NOT NULL, updated_at TEXT NOT NULL,
            PRIMARY KEY (tenant_id, customer_id, consent_type)
        ) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS timeline (
            tenant_id TEXT NOT NULL, event_id TEXT NOT NULL, customer_id TEXT NOT NULL,
            type TEXT NOT NULL, occurred_at TEXT NOT NULL, source TEXT NOT NULL, dialect TEXT NOT NULL,
            title TEXT, description TEXT, summary TEXT, amount REAL, data TEXT NOT NULL,
            UNIQUE (tenant_id, event_id)
        );
        CREATE INDEX IF NOT EXISTS timeline_customer ON timeline (tenant_id, customer_id, occurred_at DESC);
        CREATE TABLE IF NOT EXISTS purchases (
            tenant_id TEXT NOT NULL, id TEXT NOT NULL, customer_id TEXT NOT NULL,
            product_name TEXT, sku TEXT, quantity REAL, price REAL, total REAL, currency TEXT,
            purchased_at TEXT NOT NULL, warranty_expires TEXT, event_id TEXT NOT NULL, data TEXT NOT NULL,
            PRIMARY KEY (tenant_id, id)
        );
        CREATE INDEX IF NOT EXISTS purchases_customer ON purchases (tenant_id, customer_id);
        CREATE TABLE IF NOT EXISTS work_orders (
            tenant_id TEXT NOT NULL, id TEXT NOT NULL, customer_id TEXT NOT NULL,
            order_type TEXT, description TEXT, summary TEXT, status TEXT, priority TEXT, assigned_to TEXT,
            product_id TEXT, cost REAL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL, event_id TEXT NOT NULL, data TEXT NOT NULL,
            PRIMARY KEY (tenant_id, id)
        );
        CREATE INDEX IF NOT EXISTS work_orders_customer ON work_orders (tenant_id, customer_id);
        CREATE TABLE IF NOT EXISTS knowledge (
            tenant_id TEXT NOT NULL, id TEXT NOT NULL, customer_id TEXT NOT NULL,
            content TEXT NOT NULL, summary TEXT, category TEXT, importance TEXT, source TEXT,
            created_at TEXT NOT NULL, event_id TEXT NOT NULL,
            PRIMARY KEY (tenant_id, id)
        );
        CREATE INDEX IF NOT EXISTS knowledge_customer ON knowledge (tenant_id, customer_id);
        CREATE TABLE IF NOT EXISTS credit_usages (
            tenant_id TEXT NOT NULL, id TEXT NOT NULL, customer_id TEXT NOT NULL,
            order_id TEXT, amount REAL, available_after REAL, due_date TEXT, used_at TEXT NOT NULL, event_id TEXT NOT NULL,
            PRIMARY KEY (tenant_id, id)
        );
        CREATE INDEX IF NOT EXISTS credit_usages_customer ON credit_usages (tenant_id, customer_id);
        CREATE TABLE IF NOT EXISTS credit_alerts (
            tenant_id TEXT NOT NULL, id TEXT NOT NULL, customer_id TEXT NOT NULL, kind TEXT NOT NULL,
            attempted_amount REAL, available REAL, shortfall REAL, at TEXT NOT NULL, event_id TEXT NOT NULL,
            PRIMARY KEY (tenant_id, id)
        );
        CREATE INDEX IF NOT EXISTS credit_alerts_customer ON credit_alerts (tenant_id, customer_id);
        CREATE TABLE IF NOT EXISTS entitlements (
            tenant_id TEXT NOT NULL, id TEXT NOT NULL, customer_id TEXT NOT NULL,
            product TEXT, status TEXT, activated_at TEXT NOT NULL, event_id TEXT NOT NULL, data TEXT NOT NULL,
            PRIMARY KEY (tenant_id, id)
        );
        CREATE INDEX IF NOT EXISTS entitlements_customer ON entitlements (tenant_id, customer_id);
        CREATE TABLE IF NOT EXISTS aliases (
            tenant_id TEXT NOT NULL, alias_id TEXT NOT NULL, customer_id TEXT NOT NULL,
            reason TEXT, event_id TEXT NOT NULL, created_at TEXT NOT NULL,
            PRIMARY KEY (tenant_id, alias_id)
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS aliases_customer ON aliases (tenant_id, customer_id);
        CREATE TABLE IF NOT EXISTS identifiers (
            tenant_id TEXT NOT NULL, kind TEXT NOT NULL, value TEXT NOT NULL, customer_id TEXT NOT NULL,
            PRIMARY KEY (tenant_id, kind, value)
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS identifiers_customer ON identifiers (tenant_id, customer_id);
        CREATE TABLE IF NOT EXISTS cancelled_merges (
            tenant_id TEXT NOT NULL, event_id TEXT NOT NULL, cancelled_at TEXT NOT NULL,
            PRIMARY KEY (tenant_id, event_id)
        ) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS dead_letters (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            received_at TEXT NOT NULL, source TEXT NOT NULL, origin TEXT NOT NULL,
            tenant_hint TEXT, dialect_hint TEXT, broker_time TEXT,
            reason TEXT NOT NULL, raw BLOB NOT NULL,
            retries INTEGER NOT NULL DEFAULT 0, last_retry_at TEXT
        );
        CREATE VIRTUAL TABLE IF NOT EXISTS customers_fts USING fts5(name, email, phone, company, tokenize = 'unicode61');
        CREATE VIRTUAL TABLE IF NOT EXISTS notes_fts USING fts5(text, tenant_id UNINDEXED, customer_id UNINDEXED, tokenize = 'unicode61');
        """;

    /// <summary>
    /// The timeline clustered by customer and time, keyed by the raw log's seq: one B-tree per timeline row
    /// instead of a table and two indexes (a third of the write cost of an event), and a timeline page is one
    /// range read. The notes index is re-keyed from the old rowids to the seq.
    /// </summary>
    private const string V2 = """
        CREATE TABLE timeline_v2 (
            tenant_id TEXT NOT NULL, customer_id TEXT NOT NULL, occurred_at TEXT NOT NULL, seq INTEGER NOT NULL,
            event_id TEXT NOT NULL, type TEXT NOT NULL, source TEXT NOT NULL, dialect TEXT NOT NULL,
            title TEXT, description TEXT, summary TEXT, amount REAL, data TEXT NOT NULL,
            PRIMARY KEY (tenant_id, customer_id, occurred_at, seq)
        ) WITHOUT ROWID;
        CREATE TEMP TABLE timeline_seq AS
            SELECT t.rowid AS old_rowid, e.seq AS seq FROM timeline t JOIN events e ON e.tenant_id = t.tenant_id AND e.event_id = t.event_id;
        INSERT INTO timeline_v2
            SELECT t.tenant_id, t.customer_id, t.occurred_at, m.seq, t.event_id, t.type, t.source, t.dialect,
                   t.title, t.description, t.summary, t.amount, t.data
            FROM timeline t JOIN timeline_seq m ON m.old_rowid = t.rowid;
        CREATE VIRTUAL TABLE notes_fts_v2 USING fts5(text, tenant_id UNINDEXED, customer_id UNINDEXED, tokenize = 'unicode61');
        INSERT INTO notes_fts_v2 (rowid, text, tenant_id, customer_id)
            SELECT m.seq, n.text, n.tenant_id, n.customer_id FROM notes_fts n JOIN timeline_seq m ON m.old_rowid = n.rowid;
        DROP TABLE notes_fts;
        ALTER TABLE notes_fts_v2 RENAME TO notes_fts;
        DROP TABLE timeline;
        ALTER TABLE timeline_v2 RENAME TO timeline;
        DROP TABLE temp.timeline_seq;
        """;

    /// <summary>Each step takes the file from the version before it to its index + 1.</summary>
    private static readonly string[] Steps = [V1, V2, SqliteSchemaV3.Sql, SqliteSchemaV4.Sql, SqliteSchemaV5.Sql, SqliteSchemaV6.Sql];

    /// <summary>Tables a replay empties and rebuilds from the raw log (which also re-owns each logged event, see V5).</summary>
    public static readonly string[] ProjectionTables =
    [
        "customers", "consent", "timeline_hidden", "purchases", "work_orders", "knowledge",
        "credit_usages", "credit_alerts", "entitlements", "aliases", "identifiers", "customers_fts", "notes_fts",
    ];

    /// <param name="target">The version to stop at; tests use it to build an older file.</param>
    public static void Migrate(SqliteConnection connection, int target = Version)
    {
        using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA journal_mode = WAL;";
        pragma.ExecuteNonQuery();
        pragma.CommandText = "PRAGMA user_version;";
        var version = Convert.ToInt32(pragma.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        if (version > Version)
        {
            // An older build would otherwise fail later, on whichever statement the newer schema broke first.
            throw new InvalidOperationException($"the SQLite file's schema is at version {version}, newer than this build knows ({Version}); upgrade Customer360");
        }

        if (version >= target)
        {
            return;
        }

        SqliteKeys.Register(connection); // v6 computes the keys of the rows already logged
        // A step that indexes a whole log sorts it: in temporary files, not in memory (the writer keeps its temporary
        // tables in memory, which made migrating a 10M-event file peak at ~1 GB).
        pragma.CommandText = "PRAGMA temp_store;";
        var tempStore = Convert.ToInt32(pragma.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        pragma.CommandText = "PRAGMA temp_store = FILE;";
        pragma.ExecuteNonQuery();
        for (; version < target; version++)
        {
            using var tx = connection.BeginTransaction();
            using var ddl = connection.CreateCommand();
            ddl.Transaction = tx;
            ddl.CommandText = Steps[version] + $"PRAGMA user_version = {version + 1};";
            ddl.ExecuteNonQuery();
            tx.Commit();
        }

        pragma.CommandText = $"PRAGMA temp_store = {tempStore};";
        pragma.ExecuteNonQuery();
    }
}
