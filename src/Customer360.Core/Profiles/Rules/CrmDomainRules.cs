using Customer360.Core.Dialects;
using Customer360.Core.Events;

namespace Customer360.Core.Profiles.Rules;

/// <summary>Seed 002: CRM profile lifecycle, consent, merges, leads, service orders, contracts.</summary>
public sealed class CrmDomainRules : IProjectionRules
{
    public string Dialect => DialectNames.CrmDomain;

    public void Apply(CustomerProfile profile, CustomerEvent e, ProjectionOutput output, ProjectionOptions options)
    {
        var p = e.Data;
        switch (e.Type)
        {
            case "CustomerProfileCreatedEvent":
            case "CustomerProfileUpdatedEvent":
                ProfileFieldWriter.Apply(profile, p, e.OccurredAt);
                break;
            case "LeadCreatedEvent":
                ProfileFieldWriter.Apply(profile, p, e.OccurredAt);
                profile.SetFallback(ProfileFields.Status, "LEAD", e.OccurredAt);
                break;
            case "ConsentUpdatedEvent":
                var consentType = p.Str("consentType");
                var status = p.Str("status");
                if (consentType is not null && status is not null && profile.Claim("consent." + consentType, e.OccurredAt))
                {
                    profile.Consent[consentType] = new ConsentState(status, e.OccurredAt);
                }

                break;
            case MergeEvents.Merged:
                output.Merges.Add(new MergeRequest(p.Str("sourceCustomerId")!, p.Str("mergeReason")));
                break;
            case "ServiceOrderCreatedEvent":
                var description = p.FirstStr("description", "issueDescription", "summary");
                output.WorkOrders.Add(new WorkOrder(
                    p.FirstStr("serviceOrderId", "orderId", "workOrderId", "id") ?? e.EventId,
                    p.FirstStr("orderType", "type") ?? "service_order",
                    description, Summaries.Summarizer.Summarize(description, options.SummarizeThreshold),
                    p.Str("status") ?? "OPEN", p.Str("priority"), p.FirstStr("assignedTo", "technicianId"),
                    p.FirstStr("productId", "assetId"), p.Dec("cost"), e.OccurredAt, e.EventId, p));
                break;
            case "ContractActivatedEvent":
                output.Entitlements.Add(new Entitlement(
                    p.FirstStr("contractId", "id") ?? e.EventId,
                    p.FirstStr("productName", "product", "plan", "serviceLevel"),
                    p.Str("status") ?? "ACTIVE", e.OccurredAt, e.EventId, p));
                break;
        }
    }
}
