using Customer360.Core.Profiles;
using static Customer360.Core.Storage.Sqlite.SqliteValues;

namespace Customer360.Core.Storage.Sqlite;

/// <summary>Loads a whole profile (the customer row, which holds loyalty, credit and usage too) and its consents.</summary>
internal static class SqliteProfileReader
{
    public const string Select = """
        SELECT c.name, c.email, c.phone, c.company, c.status, c.segment, c.customer_type, c.primary_contact_id,
               c.customer_since, c.first_seen_at, c.last_seen_at, c.lifetime_value, c.tags, c.custom_fields, c.field_times,
               c.events_count, c.purchases_count, c.work_orders_count, c.knowledge_count,
               c.points_balance, c.tier, c.lifetime_points, c.lifetime_earned, c.lifetime_redeemed,
               c.credit_limit, c.credit_available, c.payment_term_days,
               c.data_usage_mb, c.call_minutes, c.recharge_total, c.recharge_count, c.last_login_at, c.qoe_issues,
               c.purchases_total, c.rowid
        FROM customers c
        WHERE c.tenant_id = $tenant AND c.id = $id
        """;

    public const string SelectConsent = "SELECT consent_type, status, updated_at FROM consent WHERE tenant_id = $tenant AND customer_id = $id";

    /// <summary>Both statements bind $tenant as 1 and $id as 2.</summary>
    public static CustomerProfile? Load(SqliteStatement select, SqliteStatement consent, string tenantId, string id)
    {
        CustomerProfile profile;
        select.Text(1, tenantId).Text(2, id);
        try
        {
            if (!select.Step())
            {
                return null;
            }

            profile = Read(select, tenantId, id);
        }
        finally
        {
            select.Reset();
        }

        if (profile.FieldTimes.Keys.Any(k => k.StartsWith("consent.", StringComparison.Ordinal)))
        {
            consent.Text(1, tenantId).Text(2, id);
            try
            {
                while (consent.Step())
                {
                    profile.Consent[consent.ColumnText(0)] = new ConsentState(consent.ColumnText(1), ParseTime(consent.ColumnUtf8(2)));
                }
            }
            finally
            {
                consent.Reset();
            }
        }

        return profile;
    }

    private static CustomerProfile Read(SqliteStatement r, string tenantId, string id)
    {
        var p = new CustomerProfile
        {
            TenantId = tenantId,
            Id = id,
            FieldTimes = ProfileJson.ReadFieldTimes(r.ColumnUtf8(14)),
            CustomFields = ProfileJson.ReadCustomFields(r.ColumnUtf8(13)),
            Tags = ProfileJson.ReadTags(r.ColumnUtf8(12)),
            CustomerSince = Time(r, 8),
            FirstSeenAt = Time(r, 9),
            LastSeenAt = Time(r, 10),
            LifetimeValue = ToDecimal(r.ColumnDouble(11)),
            PurchasesTotal = ToDecimal(r.ColumnDouble(33)),
            EventCount = r.ColumnInt64(15),
            PurchaseCount = r.ColumnInt64(16),
            WorkOrderCount = r.ColumnInt64(17),
            KnowledgeCount = r.ColumnInt64(18),
        };
        for (var i = 0; i < ProfileFields.All.Length; i++)
        {
            p.Fields[ProfileFields.All[i]] = r.ColumnTextOrNull(i);
        }

        p.Indexed = p.Searchable;
        p.StoreRowId = r.ColumnInt64(34);
        if (!r.IsNull(22) || !r.IsNull(19) || !r.IsNull(20))
        {
            p.Loyalty.PointsBalance = Long(r, 19);
            p.Loyalty.Tier = r.ColumnTextOrNull(20);
            p.Loyalty.LifetimePoints = Long(r, 21);
            p.Loyalty.LifetimeEarned = Long(r, 22) ?? 0;
            p.Loyalty.LifetimeRedeemed = Long(r, 23) ?? 0;
        }

        p.Credit.Limit = Money(r, 24);
        p.Credit.Available = Money(r, 25);
        p.Credit.PaymentTermDays = (int?)Long(r, 26);
        if (!r.IsNull(27))
        {
            p.Usage.DataUsageMb = ToDecimal(r.ColumnDouble(27));
            p.Usage.CallMinutes = ToDecimal(r.ColumnDouble(28));
            p.Usage.RechargeTotal = ToDecimal(r.ColumnDouble(29));
            p.Usage.RechargeCount = r.ColumnInt64(30);
            p.Usage.LastLoginAt = Time(r, 31);
            p.Usage.QoeIssues = r.ColumnInt64(32);
        }

        return p;
    }

    private static DateTimeOffset? Time(SqliteStatement r, int i) => r.IsNull(i) ? null : ParseTime(r.ColumnUtf8(i));

    private static long? Long(SqliteStatement r, int i) => r.IsNull(i) ? null : r.ColumnInt64(i);

    private static decimal? Money(SqliteStatement r, int i) => r.IsNull(i) ? null : ToDecimal(r.ColumnDouble(i));
}
