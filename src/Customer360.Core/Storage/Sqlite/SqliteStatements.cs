using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;

namespace Customer360.Core.Storage.Sqlite;

/// <summary>The write path's statements, prepared once per write connection; parameters are positional ($1, $2, ...).</summary>
internal sealed partial class SqliteStatements : IDisposable
{
    public const string MergeRows = """
        UPDATE events SET customer_id = $to, customer_key = $toKey WHERE customer_key = $fromKey AND tenant_id = $tenant AND customer_id = $from;
        UPDATE purchases SET customer_id = $to WHERE tenant_id = $tenant AND customer_id = $from;
        UPDATE work_orders SET customer_id = $to WHERE tenant_id = $tenant AND customer_id = $from;
        UPDATE knowledge SET customer_id = $to WHERE tenant_id = $tenant AND customer_id = $from;
        UPDATE credit_usages SET customer_id = $to WHERE tenant_id = $tenant AND customer_id = $from;
        UPDATE credit_alerts SET customer_id = $to WHERE tenant_id = $tenant AND customer_id = $from;
        UPDATE entitlements SET customer_id = $to WHERE tenant_id = $tenant AND customer_id = $from;
        UPDATE notes_fts SET customer_id = $to WHERE tenant_id = $tenant AND customer_id = $from;
        UPDATE aliases SET customer_id = $to WHERE tenant_id = $tenant AND customer_id = $from;
        UPDATE OR IGNORE identifiers SET customer_id = $to WHERE tenant_id = $tenant AND customer_id = $from;
        DELETE FROM identifiers WHERE tenant_id = $tenant AND customer_id = $from;
        DELETE FROM customers_fts WHERE rowid = (SELECT rowid FROM customers WHERE tenant_id = $tenant AND id = $from);
        DELETE FROM customers WHERE tenant_id = $tenant AND id = $from;
        DELETE FROM consent WHERE tenant_id = $tenant AND customer_id = $from;
        """;

    /// <summary>
    /// The customer row's columns, in the order of their parameters ($1..$37, bound by SqliteProjectionSession's
    /// BindCustomer): the upsert and the update are both written from this one list.
    /// </summary>
    private static readonly string[] CustomerColumns =
    [
        "tenant_id", "id", "name", "email", "phone", "company", "status", "segment", "customer_type", "primary_contact_id",
        "customer_since", "first_seen_at", "last_seen_at", "lifetime_value", "tags", "custom_fields", "field_times",
        "events_count", "purchases_count", "work_orders_count", "knowledge_count", "updated_at", "purchases_total",
        "points_balance", "tier", "lifetime_points", "lifetime_earned", "lifetime_redeemed", "credit_limit", "credit_available", "payment_term_days",
        "data_usage_mb", "call_minutes", "recharge_total", "recharge_count", "last_login_at", "qoe_issues",
    ];

    /// <summary>UpdateCustomer's parameter for the row to update: the one after the columns.</summary>
    public static int CustomerRowIdParameter => CustomerColumns.Length + 1;

    private readonly List<SqliteStatement> _all = [];

    public SqliteStatements(SqliteConnection c)
    {
        AddDeadLetter = Prepare(c, """
            INSERT INTO dead_letters (received_at, source, origin, tenant_hint, dialect_hint, broker_time, reason, raw)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id
            """);
        DeleteDeadLetter = Prepare(c, "DELETE FROM dead_letters WHERE id = $1");
        AppendEvent = Prepare(c, """
            INSERT INTO events (tenant_id, event_id, customer_id, type, occurred_at, dialect, source, origin, received_at, tenant_hint, broker_time, raw,
                                event_key, customer_key, occurred_ticks)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
            """);
        // The duplicate check (schema v6): the key finds the candidates, the ids decide (two ids may share a key).
        EventSeq = Prepare(c, "SELECT seq FROM events WHERE event_key = $3 AND tenant_id = $1 AND event_id = $2");
        // No RETURNING on the hot inserts: SQLite buffers RETURNING rows in a temporary table, which cost a third
        // of the insert (measured); sqlite3_changes and last_insert_rowid tell the same.
        DataVersion = Prepare(c, "PRAGMA data_version");
        AnyAlias = Prepare(c, "SELECT EXISTS (SELECT 1 FROM aliases)");
        ResolveAlias = Prepare(c, "SELECT customer_id FROM aliases WHERE tenant_id = $1 AND alias_id = $2");
        FindIdentifier = Prepare(c, "SELECT customer_id FROM identifiers WHERE tenant_id = $1 AND kind = $2 AND value = $3");
        LoadProfile = Prepare(c, SqliteProfileReader.Select);
        LoadConsent = Prepare(c, SqliteProfileReader.SelectConsent);
        UpsertCustomer = Prepare(c, $"""
            INSERT INTO customers ({string.Join(", ", CustomerColumns)})
            VALUES ({string.Join(", ", CustomerColumns.Select((_, i) => $"${i + 1}"))})
            ON CONFLICT (tenant_id, id) DO UPDATE SET {string.Join(", ", CustomerColumns.Skip(2).Select(col => $"{col} = excluded.{col}"))}
            """);

        // The upsert's binds (same N for the same column) plus the row: an existing profile is found by its rowid, not
        // through the (tenant_id, id) index; tenant_id and id are checked, so a stale rowid matches nothing.
        UpdateCustomer = Prepare(c, $"""
            UPDATE customers SET {string.Join(", ", CustomerColumns.Select((col, i) => $"{col} = ${i + 1}").Skip(2))}
            WHERE rowid = ${CustomerRowIdParameter} AND tenant_id = $1 AND id = $2
            """);
        CustomerRowId = Prepare(c, "SELECT rowid FROM customers WHERE tenant_id = $1 AND id = $2");
        UpsertConsent = Prepare(c, "INSERT OR REPLACE INTO consent (tenant_id, customer_id, consent_type, status, updated_at) VALUES ($1, $2, $3, $4, $5)");
        DeleteCustomerFts = Prepare(c, "DELETE FROM customers_fts WHERE rowid = $1");
        InsertCustomerFts = Prepare(c, "INSERT INTO customers_fts (rowid, name, email, phone, company) VALUES ($1, $2, $3, $4, $5)");
        ClaimIdentifier = Prepare(c, "INSERT OR IGNORE INTO identifiers (tenant_id, kind, value, customer_id) VALUES ($1, $2, $3, $4)");
        CountIdentifiers = Prepare(c, "SELECT COUNT(*) FROM identifiers WHERE tenant_id = $1 AND customer_id = $2 AND kind = $3");
        PurchaseTotals = Prepare(c, "SELECT COUNT(*), COALESCE(SUM(total), 0.0) FROM purchases WHERE tenant_id = $1 AND customer_id = $2");
        CountWorkOrders = Prepare(c, "SELECT COUNT(*) FROM work_orders WHERE tenant_id = $1 AND customer_id = $2");
        CountKnowledge = Prepare(c, "SELECT COUNT(*) FROM knowledge WHERE tenant_id = $1 AND customer_id = $2");
        // The timeline is the log (schema v5): a replay re-owns each event it projects; an undone merge is hidden.
        OwnEvent = Prepare(c, "UPDATE events SET customer_id = $1, customer_key = $3 WHERE seq = $2 AND customer_id <> $1");
        HideEvent = Prepare(c, "INSERT OR IGNORE INTO timeline_hidden (seq) VALUES ($1)");
        InsertNoteFts = Prepare(c, "INSERT INTO notes_fts (rowid, text, tenant_id, customer_id) VALUES ($1, $2, $3, $4)");
        UpsertPurchase = Prepare(c, """
            INSERT INTO purchases (tenant_id, id, customer_id, product_name, sku, quantity, price, total, currency, purchased_at, warranty_expires, event_id, data)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
            ON CONFLICT (tenant_id, id) DO UPDATE SET customer_id = excluded.customer_id, product_name = excluded.product_name,
                sku = excluded.sku, quantity = excluded.quantity, price = excluded.price, total = excluded.total,
                currency = excluded.currency, purchased_at = excluded.purchased_at, warranty_expires = excluded.warranty_expires,
                event_id = excluded.event_id, data = excluded.data
            WHERE excluded.purchased_at >= purchases.purchased_at
            """);
        // A work order is created by its first event and described by its newest: whatever the arrival order.
        UpsertWorkOrder = Prepare(c, """
            INSERT INTO work_orders (tenant_id, id, customer_id, order_type, description, summary, status, priority, assigned_to, product_id, cost, created_at, updated_at, event_id, data)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12, $13, $14)
            ON CONFLICT (tenant_id, id) DO UPDATE SET
                created_at = min(work_orders.created_at, excluded.created_at),
                customer_id = iif(newer, excluded.customer_id, work_orders.customer_id),
                order_type = iif(newer, excluded.order_type, work_orders.order_type),
                description = iif(newer, excluded.description, work_orders.description),
                summary = iif(newer, excluded.summary, work_orders.summary),
                status = iif(newer, excluded.status, work_orders.status),
                priority = iif(newer, excluded.priority, work_orders.priority),
                assigned_to = iif(newer, excluded.assigned_to, work_orders.assigned_to),
                product_id = iif(newer, excluded.product_id, work_orders.product_id),
                cost = iif(newer, excluded.cost, work_orders.cost),
                event_id = iif(newer, excluded.event_id, work_orders.event_id),
                data = iif(newer, excluded.data, work_orders.data),
                updated_at = max(work_orders.updated_at, excluded.updated_at)
            """.Replace("newer", "excluded.updated_at >= work_orders.updated_at", StringComparison.Ordinal));
        InsertKnowledge = Prepare(c, """
            INSERT OR IGNORE INTO knowledge (tenant_id, id, customer_id, content, summary, category, importance, source, created_at, event_id)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
            """);
        UpsertCreditUsage = Prepare(c, """
            INSERT INTO credit_usages (tenant_id, id, customer_id, order_id, amount, available_after, due_date, used_at, event_id)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
            ON CONFLICT (tenant_id, id) DO UPDATE SET order_id = excluded.order_id, amount = excluded.amount,
                available_after = excluded.available_after, due_date = excluded.due_date, used_at = excluded.used_at, event_id = excluded.event_id
            WHERE excluded.used_at >= credit_usages.used_at
            """);
        InsertCreditAlert = Prepare(c, """
            INSERT OR IGNORE INTO credit_alerts (tenant_id, id, customer_id, kind, attempted_amount, available, shortfall, at, event_id)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
            """);
        UpsertEntitlement = Prepare(c, """
            INSERT INTO entitlements (tenant_id, id, customer_id, product, status, activated_at, event_id, data)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
            ON CONFLICT (tenant_id, id) DO UPDATE SET product = excluded.product, status = excluded.status,
                activated_at = excluded.activated_at, event_id = excluded.event_id, data = excluded.data
            WHERE excluded.activated_at >= entitlements.activated_at
            """);
        MergeEventIds = Prepare(c, "SELECT event_id FROM aliases WHERE tenant_id = $1 AND customer_id = $2 AND alias_id = $3");
        CancelMerge = Prepare(c, "INSERT OR IGNORE INTO cancelled_merges (tenant_id, event_id, cancelled_at) VALUES ($1, $2, $3)");
        IsMergeCancelled = Prepare(c, "SELECT 1 FROM cancelled_merges WHERE tenant_id = $1 AND event_id = $2");
        InsertAudit = Prepare(c, SqliteProfileStore.InsertAudit);
        UpsertAlias = Prepare(c, "INSERT OR REPLACE INTO aliases (tenant_id, alias_id, customer_id, reason, event_id, created_at) VALUES ($1, $2, $3, $4, $5, $6)");
    }

    public SqliteStatement AddDeadLetter { get; }
    public SqliteStatement DeleteDeadLetter { get; }
    public SqliteStatement AppendEvent { get; }
    public SqliteStatement EventSeq { get; }
    public SqliteStatement DataVersion { get; }
    public SqliteStatement AnyAlias { get; }
    public SqliteStatement ResolveAlias { get; }
    public SqliteStatement FindIdentifier { get; }
    public SqliteStatement LoadProfile { get; }
    public SqliteStatement LoadConsent { get; }
    public SqliteStatement UpsertCustomer { get; }
    public SqliteStatement UpdateCustomer { get; }
    public SqliteStatement CustomerRowId { get; }
    public SqliteStatement UpsertConsent { get; }
    public SqliteStatement DeleteCustomerFts { get; }
    public SqliteStatement InsertCustomerFts { get; }
    public SqliteStatement ClaimIdentifier { get; }
    public SqliteStatement CountIdentifiers { get; }
    public SqliteStatement PurchaseTotals { get; }
    public SqliteStatement CountWorkOrders { get; }
    public SqliteStatement CountKnowledge { get; }
    public SqliteStatement OwnEvent { get; }
    public SqliteStatement HideEvent { get; }
    public SqliteStatement InsertNoteFts { get; }
    public SqliteStatement UpsertPurchase { get; }
    public SqliteStatement UpsertWorkOrder { get; }
    public SqliteStatement InsertKnowledge { get; }
    public SqliteStatement UpsertCreditUsage { get; }
    public SqliteStatement InsertCreditAlert { get; }
    public SqliteStatement UpsertEntitlement { get; }
    public SqliteStatement UpsertAlias { get; }
    public SqliteStatement InsertAudit { get; }
    public SqliteStatement MergeEventIds { get; }
    public SqliteStatement CancelMerge { get; }
    public SqliteStatement IsMergeCancelled { get; }

    /// <summary>Whether any alias exists; read at each batch start, set when the batch adds one.</summary>
    public bool HasAliases { get; set; }

    public void Dispose()
    {
        foreach (var statement in _all)
        {
            statement.Dispose();
        }
    }

    /// <summary>`$N` in the SQL above is written `?N` for SQLite: the parameter's index is N wherever it first appears.</summary>
    private SqliteStatement Prepare(SqliteConnection c, string sql)
    {
        var statement = new SqliteStatement(c, PositionalParameter().Replace(sql, "?$1"));
        _all.Add(statement);
        return statement;
    }

    [GeneratedRegex(@"\$(\d+)")]
    private static partial Regex PositionalParameter();
}
