namespace Customer360.Core.Storage.Postgres;

/// <summary>The statements of one erase ($1 tenant, $2 the customer's ids as text[]), the PostgreSQL spelling of SqliteErasure.</summary>
internal static class PostgresErasure
{
    /// <summary>Same key as PostgresProjectionSession's customer locks, so an erase and a batch on the customer queue up.</summary>
    public static string CustomerKey(string tenant, string id) => $"c\u001f{tenant}\u001f{id}";

    public const string Identifiers = """
        SELECT 'email', email FROM customers WHERE tenant_id = $1 AND id = ANY($2)
        UNION ALL SELECT 'phone', phone FROM customers WHERE tenant_id = $1 AND id = ANY($2)
        UNION ALL SELECT kind, value FROM identifiers WHERE tenant_id = $1 AND customer_id = ANY($2)
        """;

    /// <summary>The customer's events: their timeline row is the customer's, or, with no timeline row, they were logged under its id.</summary>
    public const string RedactEvents = """
        UPDATE events SET raw = $3, customer_id = $4 WHERE seq IN (
            SELECT e.seq FROM events e LEFT JOIN timeline t ON t.tenant_id = e.tenant_id AND t.event_id = e.event_id
            WHERE e.tenant_id = $1 AND (t.customer_id = ANY($2) OR (t.customer_id IS NULL AND e.customer_id = ANY($2))))
        """;

    public static readonly string[] DeleteRows =
    [
        "DELETE FROM customers WHERE tenant_id = $1 AND id = ANY($2)",
        .. new[] { "loyalty", "credit", "usage", "consent", "timeline", "purchases", "work_orders", "knowledge", "credit_usages", "credit_alerts", "entitlements", "identifiers" }
            .Select(t => $"DELETE FROM {t} WHERE tenant_id = $1 AND customer_id = ANY($2)"),
        "DELETE FROM aliases WHERE tenant_id = $1 AND (customer_id = ANY($2) OR alias_id = ANY($2))",
    ];
}
