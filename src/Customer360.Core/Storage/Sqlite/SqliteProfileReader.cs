using System.Text.Json;
using System.Text.Json.Nodes;
using Customer360.Core.Profiles;
using Microsoft.Data.Sqlite;
using static Customer360.Core.Storage.Sqlite.SqliteValues;

namespace Customer360.Core.Storage.Sqlite;

/// <summary>Loads a whole profile (customer row, loyalty, credit, usage, consent) with one join and one consent query.</summary>
internal static class SqliteProfileReader
{
    public const string Select = """
        SELECT c.name, c.email, c.phone, c.company, c.status, c.segment, c.customer_type, c.primary_contact_id,
               c.customer_since, c.first_seen_at, c.last_seen_at, c.lifetime_value, c.tags, c.custom_fields, c.field_times,
               c.events_count, c.purchases_count, c.work_orders_count, c.knowledge_count,
               l.points_balance, l.tier, l.lifetime_points, l.lifetime_earned, l.lifetime_redeemed,
               cr.credit_limit, cr.available, cr.payment_term_days,
               u.data_usage_mb, u.call_minutes, u.recharge_total, u.recharge_count, u.last_login_at, u.qoe_issues
        FROM customers c
        LEFT JOIN loyalty l ON l.tenant_id = c.tenant_id AND l.customer_id = c.id
        LEFT JOIN credit cr ON cr.tenant_id = c.tenant_id AND cr.customer_id = c.id
        LEFT JOIN usage u ON u.tenant_id = c.tenant_id AND u.customer_id = c.id
        WHERE c.tenant_id = $tenant AND c.id = $id
        """;

    public const string SelectConsent = "SELECT consent_type, status, updated_at FROM consent WHERE tenant_id = $tenant AND customer_id = $id";

    public static CustomerProfile? Load(SqliteCommand select, SqliteCommand consent, string tenantId, string id)
    {
        select.Parameters["$tenant"].Value = tenantId;
        select.Parameters["$id"].Value = id;
        CustomerProfile profile;
        using (var r = select.ExecuteReader())
        {
            if (!r.Read())
            {
                return null;
            }

            profile = Read(r, tenantId, id);
        }

        if (profile.FieldTimes.Keys.Any(k => k.StartsWith("consent.", StringComparison.Ordinal)))
        {
            consent.Parameters["$tenant"].Value = tenantId;
            consent.Parameters["$id"].Value = id;
            using var r = consent.ExecuteReader();
            while (r.Read())
            {
                profile.Consent[r.GetString(0)] = new ConsentState(r.GetString(1), ReadTime(r, 2));
            }
        }

        return profile;
    }

    private static CustomerProfile Read(SqliteDataReader r, string tenantId, string id)
    {
        var p = new CustomerProfile
        {
            TenantId = tenantId,
            Id = id,
            FieldTimes = new SortedDictionary<string, DateTimeOffset>(
                JsonSerializer.Deserialize<Dictionary<string, DateTimeOffset>>(r.GetString(14)) ?? [], StringComparer.Ordinal),
            CustomFields = JsonNode.Parse(r.GetString(13)) as JsonObject ?? [],
            Tags = new SortedSet<string>(JsonSerializer.Deserialize<string[]>(r.GetString(12)) ?? [], StringComparer.Ordinal),
            CustomerSince = ReadTimeOrNull(r, 8),
            FirstSeenAt = ReadTimeOrNull(r, 9),
            LastSeenAt = ReadTimeOrNull(r, 10),
            LifetimeValue = ToDecimal(r.GetDouble(11)),
            EventCount = r.GetInt64(15),
            PurchaseCount = r.GetInt64(16),
            WorkOrderCount = r.GetInt64(17),
            KnowledgeCount = r.GetInt64(18),
        };
        for (var i = 0; i < ProfileFields.All.Length; i++)
        {
            p.Fields[ProfileFields.All[i]] = ReadText(r, i);
        }

        p.IndexedText = p.SearchText;
        if (!r.IsDBNull(22) || !r.IsDBNull(19) || !r.IsDBNull(20))
        {
            p.Loyalty.PointsBalance = ReadLong(r, 19);
            p.Loyalty.Tier = ReadText(r, 20);
            p.Loyalty.LifetimePoints = ReadLong(r, 21);
            p.Loyalty.LifetimeEarned = ReadLong(r, 22) ?? 0;
            p.Loyalty.LifetimeRedeemed = ReadLong(r, 23) ?? 0;
        }

        p.Credit.Limit = ReadMoney(r, 24);
        p.Credit.Available = ReadMoney(r, 25);
        p.Credit.PaymentTermDays = (int?)ReadLong(r, 26);
        if (!r.IsDBNull(27))
        {
            p.Usage.DataUsageMb = ToDecimal(r.GetDouble(27));
            p.Usage.CallMinutes = ToDecimal(r.GetDouble(28));
            p.Usage.RechargeTotal = ToDecimal(r.GetDouble(29));
            p.Usage.RechargeCount = r.GetInt64(30);
            p.Usage.LastLoginAt = ReadTimeOrNull(r, 31);
            p.Usage.QoeIssues = r.GetInt64(32);
        }

        return p;
    }
}
