namespace Customer360.Core.Profiles;

/// <summary>
/// The event types that join and split golden records. Both come from the CRM (crm-domain dialect) or from
/// the API (`POST /api/customers/{id}/merge|unmerge`), and both live in the raw log like any event.
/// </summary>
public static class MergeEvents
{
    public const string Merged = "CustomerMergedEvent";
    public const string Unmerged = "CustomerUnmergedEvent";
}
