namespace Customer360.Core.Storage.Postgres;

/// <summary>The write path's statements (positional parameters), the PostgreSQL spelling of SqliteStatements.</summary>
internal static class PostgresStatements
{
    public const string AddDeadLetter = """
        INSERT INTO dead_letters (id, received_at, source, origin, tenant_hint, dialect_hint, broker_time, reason, raw)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
        """;

    public const string NextDeadLetterIds = "SELECT nextval(pg_get_serial_sequence('dead_letters', 'id')) FROM generate_series(1, $1)";

    public const string Lock = "CALL c360_lock($1)";

    public const string ResolveAlias = "SELECT customer_id FROM aliases WHERE tenant_id = $1 AND alias_id = $2";

    public const string FindIdentifier = "SELECT customer_id FROM identifiers WHERE tenant_id = $1 AND kind = $2 AND value = $3";

    /// <summary>Counts and lifetime value come from the child rows written earlier in the same batch (purchases total + recharge total).</summary>
    public const string UpsertCustomer = """
        INSERT INTO customers (tenant_id, id, name, email, phone, company, status, segment, customer_type, primary_contact_id,
            customer_since, first_seen_at, last_seen_at, lifetime_value, tags, custom_fields, field_times,
            events_count, purchases_count, work_orders_count, knowledge_count, search, updated_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13,
            (SELECT COALESCE(sum(total), 0) FROM purchases WHERE tenant_id = $1 AND customer_id = $2) + $14,
            $15, $16, $17, $18,
            (SELECT count(*) FROM purchases WHERE tenant_id = $1 AND customer_id = $2),
            (SELECT count(*) FROM work_orders WHERE tenant_id = $1 AND customer_id = $2),
            (SELECT count(*) FROM knowledge WHERE tenant_id = $1 AND customer_id = $2),
            to_tsvector('simple', $19), $20)
        ON CONFLICT (tenant_id, id) DO UPDATE SET
            name = excluded.name, email = excluded.email, phone = excluded.phone, company = excluded.company,
            status = excluded.status, segment = excluded.segment, customer_type = excluded.customer_type,
            primary_contact_id = excluded.primary_contact_id, customer_since = excluded.customer_since,
            first_seen_at = excluded.first_seen_at, last_seen_at = excluded.last_seen_at,
            lifetime_value = excluded.lifetime_value, tags = excluded.tags, custom_fields = excluded.custom_fields,
            field_times = excluded.field_times, events_count = excluded.events_count,
            purchases_count = excluded.purchases_count, work_orders_count = excluded.work_orders_count,
            knowledge_count = excluded.knowledge_count, search = excluded.search, updated_at = excluded.updated_at
        """;

    public const string UpsertLoyalty = """
        INSERT INTO loyalty (tenant_id, customer_id, points_balance, tier, lifetime_points, lifetime_earned, lifetime_redeemed)
        VALUES ($1, $2, $3, $4, $5, $6, $7)
        ON CONFLICT (tenant_id, customer_id) DO UPDATE SET points_balance = excluded.points_balance, tier = excluded.tier,
            lifetime_points = excluded.lifetime_points, lifetime_earned = excluded.lifetime_earned, lifetime_redeemed = excluded.lifetime_redeemed
        """;

    public const string UpsertCredit = """
        INSERT INTO credit (tenant_id, customer_id, credit_limit, available, payment_term_days) VALUES ($1, $2, $3, $4, $5)
        ON CONFLICT (tenant_id, customer_id) DO UPDATE SET credit_limit = excluded.credit_limit, available = excluded.available,
            payment_term_days = excluded.payment_term_days
        """;

    public const string UpsertUsage = """
        INSERT INTO usage (tenant_id, customer_id, data_usage_mb, call_minutes, recharge_total, recharge_count, last_login_at, qoe_issues)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
        ON CONFLICT (tenant_id, customer_id) DO UPDATE SET data_usage_mb = excluded.data_usage_mb, call_minutes = excluded.call_minutes,
            recharge_total = excluded.recharge_total, recharge_count = excluded.recharge_count,
            last_login_at = excluded.last_login_at, qoe_issues = excluded.qoe_issues
        """;

    public const string UpsertConsent = """
        INSERT INTO consent (tenant_id, customer_id, consent_type, status, updated_at) VALUES ($1, $2, $3, $4, $5)
        ON CONFLICT (tenant_id, customer_id, consent_type) DO UPDATE SET status = excluded.status, updated_at = excluded.updated_at
        """;

    public const string UpsertPurchase = """
        INSERT INTO purchases AS x (tenant_id, id, customer_id, product_name, sku, quantity, price, total, currency, purchased_at, warranty_expires, event_id, data)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
        ON CONFLICT (tenant_id, id) DO UPDATE SET customer_id = excluded.customer_id, product_name = excluded.product_name,
            sku = excluded.sku, quantity = excluded.quantity, price = excluded.price, total = excluded.total,
            currency = excluded.currency, purchased_at = excluded.purchased_at, warranty_expires = excluded.warranty_expires,
            event_id = excluded.event_id, data = excluded.data
        WHERE excluded.purchased_at >= x.purchased_at
        """;

    /// <summary>A work order is created by its first event and described by its newest: whatever the arrival order.</summary>
    public const string UpsertWorkOrder = """
        INSERT INTO work_orders AS x (tenant_id, id, customer_id, order_type, description, summary, status, priority, assigned_to, product_id, cost, created_at, updated_at, event_id, data)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12, $13, $14)
        ON CONFLICT (tenant_id, id) DO UPDATE SET
            created_at = LEAST(x.created_at, excluded.created_at),
            customer_id = CASE WHEN excluded.updated_at >= x.updated_at THEN excluded.customer_id ELSE x.customer_id END,
            order_type = CASE WHEN excluded.updated_at >= x.updated_at THEN excluded.order_type ELSE x.order_type END,
            description = CASE WHEN excluded.updated_at >= x.updated_at THEN excluded.description ELSE x.description END,
            summary = CASE WHEN excluded.updated_at >= x.updated_at THEN excluded.summary ELSE x.summary END,
            status = CASE WHEN excluded.updated_at >= x.updated_at THEN excluded.status ELSE x.status END,
            priority = CASE WHEN excluded.updated_at >= x.updated_at THEN excluded.priority ELSE x.priority END,
            assigned_to = CASE WHEN excluded.updated_at >= x.updated_at THEN excluded.assigned_to ELSE x.assigned_to END,
            product_id = CASE WHEN excluded.updated_at >= x.updated_at THEN excluded.product_id ELSE x.product_id END,
            cost = CASE WHEN excluded.updated_at >= x.updated_at THEN excluded.cost ELSE x.cost END,
            event_id = CASE WHEN excluded.updated_at >= x.updated_at THEN excluded.event_id ELSE x.event_id END,
            data = CASE WHEN excluded.updated_at >= x.updated_at THEN excluded.data ELSE x.data END,
            updated_at = GREATEST(x.updated_at, excluded.updated_at)
        """;

    public const string ClaimIdentifierReturning =
        "INSERT INTO identifiers (tenant_id, kind, value, customer_id) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING 1";

    public const string CountIdentifiers = "SELECT count(*) FROM identifiers WHERE tenant_id = $1 AND customer_id = $2 AND kind = $3";

    public const string InsertKnowledge = """
        INSERT INTO knowledge (tenant_id, id, customer_id, content, summary, category, importance, source, created_at, event_id)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT DO NOTHING
        """;

    public const string UpsertCreditUsage = """
        INSERT INTO credit_usages AS x (tenant_id, id, customer_id, order_id, amount, available_after, due_date, used_at, event_id)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
        ON CONFLICT (tenant_id, id) DO UPDATE SET order_id = excluded.order_id, amount = excluded.amount,
            available_after = excluded.available_after, due_date = excluded.due_date, used_at = excluded.used_at, event_id = excluded.event_id
        WHERE excluded.used_at >= x.used_at
        """;

    public const string InsertCreditAlert = """
        INSERT INTO credit_alerts (tenant_id, id, customer_id, kind, attempted_amount, available, shortfall, at, event_id)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING
        """;

    public const string UpsertEntitlement = """
        INSERT INTO entitlements AS x (tenant_id, id, customer_id, product, status, activated_at, event_id, data)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
        ON CONFLICT (tenant_id, id) DO UPDATE SET product = excluded.product, status = excluded.status,
            activated_at = excluded.activated_at, event_id = excluded.event_id, data = excluded.data
        WHERE excluded.activated_at >= x.activated_at
        """;

    public const string UpsertAlias = """
        INSERT INTO aliases (tenant_id, alias_id, customer_id, reason, event_id, created_at) VALUES ($1, $2, $3, $4, $5, $6)
        ON CONFLICT (tenant_id, alias_id) DO UPDATE SET customer_id = excluded.customer_id, reason = excluded.reason,
            event_id = excluded.event_id, created_at = excluded.created_at
        """;

    /// <summary>
    /// A merge moves the aliases and identifiers that point at `from`: it first locks them, as every batch that reads
    /// one of them holds that lock until commit, so no batch acts on a resolution the merge is about to change.
    /// </summary>
    public const string LockMerge = "CALL c360_lock_merge($1, $2)";

    /// <summary>Each a statement of its own: Npgsql sends positional parameters per statement. $1 tenant, $2 from, $3 to.</summary>
    public static readonly string[] MergeMoves =
    [
        "UPDATE timeline SET customer_id = $3 WHERE tenant_id = $1 AND customer_id = $2",
        "UPDATE purchases SET customer_id = $3 WHERE tenant_id = $1 AND customer_id = $2",
        "UPDATE work_orders SET customer_id = $3 WHERE tenant_id = $1 AND customer_id = $2",
        "UPDATE knowledge SET customer_id = $3 WHERE tenant_id = $1 AND customer_id = $2",
        "UPDATE credit_usages SET customer_id = $3 WHERE tenant_id = $1 AND customer_id = $2",
        "UPDATE credit_alerts SET customer_id = $3 WHERE tenant_id = $1 AND customer_id = $2",
        "UPDATE entitlements SET customer_id = $3 WHERE tenant_id = $1 AND customer_id = $2",
        "UPDATE aliases SET customer_id = $3 WHERE tenant_id = $1 AND customer_id = $2",
        "UPDATE identifiers SET customer_id = $3 WHERE tenant_id = $1 AND customer_id = $2",
    ];

    /// <summary>$1 tenant, $2 from: the merged-away profile's own rows.</summary>
    public static readonly string[] MergeDeletes =
    [
        "DELETE FROM customers WHERE tenant_id = $1 AND id = $2",
        "DELETE FROM loyalty WHERE tenant_id = $1 AND customer_id = $2",
        "DELETE FROM credit WHERE tenant_id = $1 AND customer_id = $2",
        "DELETE FROM usage WHERE tenant_id = $1 AND customer_id = $2",
        "DELETE FROM consent WHERE tenant_id = $1 AND customer_id = $2",
    ];
}
