using System.Text;
using Customer360.Core.Profiles;
using Npgsql;

namespace Customer360.Core.Storage.Postgres;

/// <summary>
/// Loads whole profiles (customer row, loyalty, credit, usage, consent) with one query, for one customer or for
/// every customer of a batch at once (the ids come as arrays; the query answers each row's position in them).
/// </summary>
internal static class PostgresProfileReader
{
    /// <summary>$1 tenants text[], $2 ids text[]; column 0 is the 1-based position of the (tenant, id) pair.</summary>
    public const string SelectMany = """
        SELECT u.n, c.name, c.email, c.phone, c.company, c.status, c.segment, c.customer_type, c.primary_contact_id,
               c.customer_since, c.first_seen_at, c.last_seen_at, c.lifetime_value, c.tags::text, c.custom_fields::text, c.field_times::text,
               c.events_count, c.purchases_count, c.work_orders_count, c.knowledge_count,
               l.points_balance, l.tier, l.lifetime_points, l.lifetime_earned, l.lifetime_redeemed,
               cr.credit_limit, cr.available, cr.payment_term_days,
               us.data_usage_mb, us.call_minutes, us.recharge_total, us.recharge_count, us.last_login_at, us.qoe_issues,
               cs.types, cs.statuses, cs.times
        FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS u(t, i, n)
        JOIN customers c ON c.tenant_id = u.t AND c.id = u.i
        LEFT JOIN loyalty l ON l.tenant_id = c.tenant_id AND l.customer_id = c.id
        LEFT JOIN credit cr ON cr.tenant_id = c.tenant_id AND cr.customer_id = c.id
        LEFT JOIN usage us ON us.tenant_id = c.tenant_id AND us.customer_id = c.id
        LEFT JOIN LATERAL (
            SELECT array_agg(consent_type) AS types, array_agg(status) AS statuses, array_agg(updated_at) AS times
            FROM consent WHERE tenant_id = c.tenant_id AND customer_id = c.id
        ) cs ON true
        """;

    public static NpgsqlParameter[] Parameters(IReadOnlyList<(string Tenant, string Id)> keys) =>
        [PostgresValues.Texts(keys.Select(k => k.Tenant)), PostgresValues.Texts(keys.Select(k => k.Id))];

    /// <summary>Reads the current row; the caller supplies the tenant and id it asked for at that position.</summary>
    public static CustomerProfile Read(NpgsqlDataReader r, string tenantId, string id)
    {
        var p = new CustomerProfile
        {
            TenantId = tenantId,
            Id = id,
            FieldTimes = ProfileJson.ReadFieldTimes(Encoding.UTF8.GetBytes(r.GetString(15))),
            CustomFields = ProfileJson.ReadCustomFields(Encoding.UTF8.GetBytes(r.GetString(14))),
            Tags = ProfileJson.ReadTags(Encoding.UTF8.GetBytes(r.GetString(13))),
            CustomerSince = TimeOrNull(r, 9),
            FirstSeenAt = TimeOrNull(r, 10),
            LastSeenAt = TimeOrNull(r, 11),
            LifetimeValue = r.GetDecimal(12),
            EventCount = r.GetInt64(16),
            PurchaseCount = r.GetInt64(17),
            WorkOrderCount = r.GetInt64(18),
            KnowledgeCount = r.GetInt64(19),
        };
        for (var i = 0; i < ProfileFields.All.Length; i++)
        {
            p.Fields[ProfileFields.All[i]] = TextOrNull(r, i + 1);
        }

        if (!r.IsDBNull(23))
        {
            p.Loyalty.PointsBalance = LongOrNull(r, 20);
            p.Loyalty.Tier = TextOrNull(r, 21);
            p.Loyalty.LifetimePoints = LongOrNull(r, 22);
            p.Loyalty.LifetimeEarned = r.GetInt64(23);
            p.Loyalty.LifetimeRedeemed = r.GetInt64(24);
        }

        p.Credit.Limit = MoneyOrNull(r, 25);
        p.Credit.Available = MoneyOrNull(r, 26);
        p.Credit.PaymentTermDays = r.IsDBNull(27) ? null : r.GetInt32(27);
        if (!r.IsDBNull(28))
        {
            p.Usage.DataUsageMb = r.GetDecimal(28);
            p.Usage.CallMinutes = r.GetDecimal(29);
            p.Usage.RechargeTotal = r.GetDecimal(30);
            p.Usage.RechargeCount = r.GetInt64(31);
            p.Usage.LastLoginAt = TimeOrNull(r, 32);
            p.Usage.QoeIssues = r.GetInt64(33);
        }

        if (!r.IsDBNull(34))
        {
            var types = r.GetFieldValue<string[]>(34);
            var statuses = r.GetFieldValue<string[]>(35);
            var times = r.GetFieldValue<DateTimeOffset[]>(36);
            for (var i = 0; i < types.Length; i++)
            {
                p.Consent[types[i]] = new ConsentState(statuses[i], times[i]);
            }
        }

        return p;
    }

    public static DateTimeOffset Time(NpgsqlDataReader r, int i) => r.GetFieldValue<DateTimeOffset>(i);

    public static DateTimeOffset? TimeOrNull(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetFieldValue<DateTimeOffset>(i);

    public static decimal? MoneyOrNull(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetDecimal(i);

    public static string? TextOrNull(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    public static long? LongOrNull(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetInt64(i);
}
