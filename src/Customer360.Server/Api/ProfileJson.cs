using Customer360.Core.Profiles;
using Customer360.Core.Storage;

namespace Customer360.Server.Api;

/// <summary>The contract's profile shape. Absent facts are null, not invented.</summary>
public static class ProfileJson
{
    public static object From(CustomerProfileView view)
    {
        var p = view.Profile;
        return new
        {
            id = p.Id,
            tenantId = p.TenantId,
            name = p.Get(ProfileFields.Name),
            email = p.Get(ProfileFields.Email),
            phone = p.Get(ProfileFields.Phone),
            company = p.Get(ProfileFields.Company),
            status = p.Get(ProfileFields.Status),
            segment = p.Get(ProfileFields.Segment),
            customerType = p.Get(ProfileFields.CustomerType),
            primaryContactId = p.Get(ProfileFields.PrimaryContactId),
            customerSince = p.CustomerSince,
            firstSeenAt = p.FirstSeenAt,
            lastSeenAt = p.LastSeenAt,
            lifetimeValue = p.LifetimeValue,
            tags = p.Tags.ToArray(),
            customFields = p.CustomFields,
            aliases = view.Aliases,
            identifiers = Identifiers(p, view.Aliases),
            loyalty = p.Loyalty.IsEmpty ? null : new
            {
                pointsBalance = p.Loyalty.PointsBalance,
                tier = p.Loyalty.Tier,
                lifetimePoints = p.Loyalty.LifetimePoints,
                lifetimeEarned = p.Loyalty.LifetimeEarned,
                lifetimeRedeemed = p.Loyalty.LifetimeRedeemed,
            },
            credit = p.Credit.IsEmpty && view.CreditAlerts.Count == 0 ? null : new
            {
                limit = p.Credit.Limit,
                available = p.Credit.Available,
                paymentTermDays = p.Credit.PaymentTermDays,
                alerts = view.CreditAlerts.Select(a => new { a.Kind, a.AttemptedAmount, a.Available, a.Shortfall, a.At, a.EventId }),
                usages = view.CreditUsages.Select(u => new { u.Id, u.OrderId, u.Amount, u.AvailableAfter, u.DueDate, u.UsedAt }),
            },
            consent = p.Consent.Count == 0 ? null : p.Consent.ToDictionary(c => c.Key, c => new { status = c.Value.Status, updatedAt = c.Value.UpdatedAt }),
            usage = p.Usage.IsEmpty ? null : new
            {
                dataUsageMb = p.Usage.DataUsageMb,
                callMinutes = p.Usage.CallMinutes,
                rechargeTotal = p.Usage.RechargeTotal,
                rechargeCount = p.Usage.RechargeCount,
                lastLoginAt = p.Usage.LastLoginAt,
                qoeIssues = p.Usage.QoeIssues,
            },
            entitlements = view.Entitlements.Select(e => new { e.Id, e.Product, e.Status, e.ActivatedAt }),
            counts = new { events = p.EventCount, purchases = p.PurchaseCount, workOrders = p.WorkOrderCount, knowledge = p.KnowledgeCount },
        };
    }

    private static object[] Identifiers(CustomerProfile p, IReadOnlyList<string> aliases)
    {
        var list = new List<object> { new { kind = "id", value = p.Id } };
        if (p.Get(ProfileFields.Email) is { } email)
        {
            list.Add(new { kind = "email", value = email });
        }

        if (p.Get(ProfileFields.Phone) is { } phone)
        {
            list.Add(new { kind = "phone", value = phone });
        }

        list.AddRange(aliases.Select(a => new { kind = "alias", value = a }));
        return list.ToArray();
    }

    public static object Timeline(TimelineEntry t) => new
    {
        eventId = t.EventId,
        type = t.Type,
        occurredAt = t.OccurredAt,
        source = t.Source,
        dialect = t.Dialect,
        title = t.Title,
        description = t.Description,
        summary = t.Summary,
        amount = t.Amount,
        data = t.Data,
    };
}
