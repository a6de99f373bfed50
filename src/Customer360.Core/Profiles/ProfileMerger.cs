namespace Customer360.Core.Profiles;

/// <summary>
/// Folds a source profile into its golden record: each field and snapshot keeps the newest event's value,
/// sums and counts add, seen times widen. Child rows (timeline, purchases, ...) are moved by the store.
/// </summary>
public static class ProfileMerger
{
    public static void MergeInto(CustomerProfile target, CustomerProfile source)
    {
        foreach (var field in ProfileFields.All)
        {
            MergeField(target, source, field);
        }

        foreach (var (key, at) in source.FieldTimes)
        {
            var isField = ProfileFields.All.Contains(key) || key.StartsWith("fallback.", StringComparison.Ordinal);
            if (isField || (target.FieldTimes.TryGetValue(key, out var targetAt) && targetAt >= at))
            {
                continue;
            }

            target.FieldTimes[key] = at;
            CopySnapshot(target, source, key);
        }

        foreach (var tag in source.Tags)
        {
            target.Tags.Add(tag);
        }

        if (source.FirstSeenAt is { } first)
        {
            target.Seen(first);
        }

        if (source.LastSeenAt is { } last)
        {
            target.Seen(last);
        }

        if (source.CustomerSince is { } since && (target.CustomerSince is null || since < target.CustomerSince))
        {
            target.CustomerSince = since;
        }

        target.Loyalty.LifetimeEarned += source.Loyalty.LifetimeEarned;
        target.Loyalty.LifetimeRedeemed += source.Loyalty.LifetimeRedeemed;

        var u = target.Usage;
        var s = source.Usage;
        u.DataUsageMb += s.DataUsageMb;
        u.CallMinutes += s.CallMinutes;
        u.RechargeTotal += s.RechargeTotal;
        u.RechargeCount += s.RechargeCount;
        u.QoeIssues += s.QoeIssues;
        if (s.LastLoginAt is { } login && (u.LastLoginAt is null || login > u.LastLoginAt))
        {
            u.LastLoginAt = login;
        }

        target.EventCount += source.EventCount;
    }

    /// <summary>A stated value beats a fallback; between two of a kind the newer wins (the target on a tie).</summary>
    private static void MergeField(CustomerProfile target, CustomerProfile source, string field)
    {
        var fallback = CustomerProfile.FallbackKey(field);
        var sourceFallbackNewer = source.FieldTimes.TryGetValue(fallback, out var sourceFallbackAt)
            && (!target.FieldTimes.TryGetValue(fallback, out var targetFallbackAt) || sourceFallbackAt > targetFallbackAt);
        if (source.FieldTimes.TryGetValue(field, out var sourceAt))
        {
            if (!target.FieldTimes.TryGetValue(field, out var targetAt) || sourceAt > targetAt)
            {
                target.FieldTimes[field] = sourceAt;
                target.Fields[field] = source.Get(field);
            }
        }
        else if (!target.FieldTimes.ContainsKey(field) && sourceFallbackNewer)
        {
            target.Fields[field] = source.Get(field);
        }

        if (sourceFallbackNewer)
        {
            target.FieldTimes[fallback] = sourceFallbackAt;
        }
    }

    private static void CopySnapshot(CustomerProfile target, CustomerProfile source, string key)
    {
        switch (key)
        {
            case "loyalty.pointsBalance": target.Loyalty.PointsBalance = source.Loyalty.PointsBalance; break;
            case "loyalty.tier": target.Loyalty.Tier = source.Loyalty.Tier; break;
            case "loyalty.lifetimePoints": target.Loyalty.LifetimePoints = source.Loyalty.LifetimePoints; break;
            case "credit.limit": target.Credit.Limit = source.Credit.Limit; break;
            case "credit.available": target.Credit.Available = source.Credit.Available; break;
            case "credit.paymentTermDays": target.Credit.PaymentTermDays = source.Credit.PaymentTermDays; break;
            default:
                if (key.StartsWith("consent.", StringComparison.Ordinal) && source.Consent.TryGetValue(key[8..], out var consent))
                {
                    target.Consent[key[8..]] = consent;
                }
                else if (key.StartsWith("custom.", StringComparison.Ordinal) && source.CustomFields.TryGetPropertyValue(key[7..], out var node))
                {
                    target.CustomFields[key[7..]] = node?.DeepClone();
                }
                break;
        }
    }
}
