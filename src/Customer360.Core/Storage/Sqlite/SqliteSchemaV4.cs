namespace Customer360.Core.Storage.Sqlite;

/// <summary>
/// Version 4: loyalty, credit and usage live in the customer row. The profile row is written for every customer a
/// batch touches anyway; as separate tables each loyalty, credit or telecom meter event also dirtied a page of
/// its own table (a random page per event, written to the WAL and copied back at the checkpoint). All three are
/// NULL while the profile has none of that fact.
/// </summary>
internal static class SqliteSchemaV4
{
    public const string Sql = """
        ALTER TABLE customers ADD COLUMN points_balance INTEGER;
        ALTER TABLE customers ADD COLUMN tier TEXT;
        ALTER TABLE customers ADD COLUMN lifetime_points INTEGER;
        ALTER TABLE customers ADD COLUMN lifetime_earned INTEGER;
        ALTER TABLE customers ADD COLUMN lifetime_redeemed INTEGER;
        ALTER TABLE customers ADD COLUMN credit_limit REAL;
        ALTER TABLE customers ADD COLUMN credit_available REAL;
        ALTER TABLE customers ADD COLUMN payment_term_days INTEGER;
        ALTER TABLE customers ADD COLUMN data_usage_mb REAL;
        ALTER TABLE customers ADD COLUMN call_minutes REAL;
        ALTER TABLE customers ADD COLUMN recharge_total REAL;
        ALTER TABLE customers ADD COLUMN recharge_count INTEGER;
        ALTER TABLE customers ADD COLUMN last_login_at TEXT;
        ALTER TABLE customers ADD COLUMN qoe_issues INTEGER;
        UPDATE customers SET (points_balance, tier, lifetime_points, lifetime_earned, lifetime_redeemed) =
            (SELECT points_balance, tier, lifetime_points, lifetime_earned, lifetime_redeemed FROM loyalty l
             WHERE l.tenant_id = customers.tenant_id AND l.customer_id = customers.id)
        WHERE EXISTS (SELECT 1 FROM loyalty l WHERE l.tenant_id = customers.tenant_id AND l.customer_id = customers.id);
        UPDATE customers SET (credit_limit, credit_available, payment_term_days) =
            (SELECT credit_limit, available, payment_term_days FROM credit cr
             WHERE cr.tenant_id = customers.tenant_id AND cr.customer_id = customers.id)
        WHERE EXISTS (SELECT 1 FROM credit cr WHERE cr.tenant_id = customers.tenant_id AND cr.customer_id = customers.id);
        UPDATE customers SET (data_usage_mb, call_minutes, recharge_total, recharge_count, last_login_at, qoe_issues) =
            (SELECT data_usage_mb, call_minutes, recharge_total, recharge_count, last_login_at, qoe_issues FROM usage u
             WHERE u.tenant_id = customers.tenant_id AND u.customer_id = customers.id)
        WHERE EXISTS (SELECT 1 FROM usage u WHERE u.tenant_id = customers.tenant_id AND u.customer_id = customers.id);
        DROP TABLE loyalty;
        DROP TABLE credit;
        DROP TABLE usage;
        """;
}
