using Customer360.Core.Dialects;
using Customer360.Core.Events;

namespace Customer360.Core.Profiles.Rules;

/// <summary>Seeds 000/001: usage sums, recharges, bundles, KYC updates.</summary>
public sealed class TelecomRules : IProjectionRules
{
    public string Dialect => DialectNames.Telecom;

    public void Apply(CustomerProfile profile, CustomerEvent e, ProjectionOutput output, ProjectionOptions options)
    {
        var value = e.Amount ?? 0m;
        var usage = profile.Usage;
        switch (e.Type)
        {
            case "data_usage":
                usage.DataUsageMb += value;
                break;
            case "recharge":
                usage.RechargeTotal += value;
                usage.RechargeCount++;
                break;
            case "call_outgoing":
                usage.CallMinutes += value;
                break;
            case "app_login":
                if (usage.LastLoginAt is null || e.OccurredAt > usage.LastLoginAt)
                {
                    usage.LastLoginAt = e.OccurredAt;
                }

                break;
            case "qoe_issue":
                usage.QoeIssues++;
                break;
            case "bundle_purchase":
                output.Purchases.Add(new Purchase(
                    e.Data.FirstStr("purchase_id", "transaction_id") ?? e.EventId,
                    e.Data.FirstStr("bundle_name", "bundle", "bundle_id", "product_name") ?? "Bundle",
                    e.Data.FirstStr("bundle_id", "sku"),
                    1, e.Amount, e.Amount, e.Data.Str("currency"), e.OccurredAt, null, e.EventId, e.Data));
                break;
            case "kyc_update":
                ProfileFieldWriter.Apply(profile, e.Data, e.OccurredAt);
                break;
        }
    }
}
