using Customer360.Core.Dialects;
using Customer360.Core.Events;

namespace Customer360.Core.Profiles.Rules;

/// <summary>Seed 003: customer records, loyalty (balance is a snapshot) and credit.</summary>
public sealed class CustomerServiceRules : IProjectionRules
{
    public string Dialect => DialectNames.CustomerService;

    public void Apply(CustomerProfile profile, CustomerEvent e, ProjectionOutput output, ProjectionOptions options)
    {
        var d = e.Data;
        var at = e.OccurredAt;
        var loyalty = profile.Loyalty;
        var credit = profile.Credit;
        switch (e.Type)
        {
            case "customer.created":
            case "customer.updated":
                ProfileFieldWriter.Apply(profile, d, at);
                ProfileFieldWriter.Apply(profile, d.ObjOrEmpty("changes"), at);
                break;
            case "loyalty.points.earned":
                loyalty.LifetimeEarned += d.Long("points_earned") ?? 0;
                SetBalance(profile, d, at);
                if (d.Str("tier") is { } tier && profile.Claim("loyalty.tier", at))
                {
                    loyalty.Tier = tier;
                }

                break;
            case "loyalty.points.redeemed":
                loyalty.LifetimeRedeemed += d.Long("points_redeemed") ?? 0;
                SetBalance(profile, d, at);
                break;
            case "loyalty.tier.upgraded":
            case "loyalty.tier.downgraded":
                if (d.FirstStr("new_tier", "tier") is { } newTier && profile.Claim("loyalty.tier", at))
                {
                    loyalty.Tier = newTier;
                }

                if (d.Long("lifetime_points") is { } lifetime && profile.Claim("loyalty.lifetimePoints", at))
                {
                    loyalty.LifetimePoints = lifetime;
                }

                break;
            case "credit.approved":
                if (d.Dec("credit_limit") is { } limit)
                {
                    if (profile.Claim("credit.limit", at))
                    {
                        credit.Limit = limit;
                    }

                    // Available equals the new limit until a later usage says otherwise.
                    if (profile.Claim("credit.available", at))
                    {
                        credit.Available = limit;
                    }
                }

                if (d.Long("payment_term_days") is { } days && profile.Claim("credit.paymentTermDays", at))
                {
                    credit.PaymentTermDays = (int)days;
                }

                break;
            case "credit.used":
                SetAvailable(profile, d, at);
                output.CreditUsages.Add(new CreditUsage(
                    d.Str("usage_id") ?? e.EventId, d.Str("order_id"), d.Dec("amount"), d.Dec("credit_available"),
                    d.Str("due_date"), at, e.EventId));
                break;
            case "credit.limit.exceeded":
                SetAvailable(profile, d, at);
                output.CreditAlerts.Add(new CreditAlert(
                    e.EventId, "limit_exceeded", d.Dec("attempted_amount"), d.Dec("credit_available"), d.Dec("shortfall"), at, e.EventId));
                break;
        }
    }

    private static void SetBalance(CustomerProfile profile, System.Text.Json.JsonElement d, DateTimeOffset at)
    {
        if (d.Long("points_balance") is { } balance && profile.Claim("loyalty.pointsBalance", at))
        {
            profile.Loyalty.PointsBalance = balance;
        }
    }

    private static void SetAvailable(CustomerProfile profile, System.Text.Json.JsonElement d, DateTimeOffset at)
    {
        if (d.Dec("credit_available") is { } available && profile.Claim("credit.available", at))
        {
            profile.Credit.Available = available;
        }
    }
}
