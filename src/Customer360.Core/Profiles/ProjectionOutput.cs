namespace Customer360.Core.Profiles;

/// <summary>The rows one event adds beside its profile changes; the store writes them in the same transaction.</summary>
public sealed class ProjectionOutput
{
    public List<Purchase> Purchases { get; } = [];
    public List<WorkOrder> WorkOrders { get; } = [];
    public List<KnowledgeEntry> Knowledge { get; } = [];
    public List<CreditUsage> CreditUsages { get; } = [];
    public List<CreditAlert> CreditAlerts { get; } = [];
    public List<Entitlement> Entitlements { get; } = [];

    /// <summary>Customer ids to merge into the event's customer (golden record).</summary>
    public List<MergeRequest> Merges { get; } = [];
    public void Clear()
    {
        Purchases.Clear();
        WorkOrders.Clear();
        Knowledge.Clear();
        CreditUsages.Clear();
        CreditAlerts.Clear();
        Entitlements.Clear();
        Merges.Clear();
    }
}

public sealed record MergeRequest(string SourceCustomerId, string? Reason);
