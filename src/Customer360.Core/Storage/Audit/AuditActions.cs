namespace Customer360.Core.Storage.Audit;

/// <summary>What the audit log records; the action names are stable (operators filter on them).</summary>
public static class AuditActions
{
    public const string Erase = "customer.erase";
    public const string Merge = "customer.merge";
    public const string Unmerge = "customer.unmerge";
    public const string DeadLetterRetry = "dead-letter.retry";
    public const string DeadLetterDelete = "dead-letter.delete";
    public const string ApiKeyUse = "api-key.use";
    public const string ApiKeyRejected = "api-key.rejected";

    /// <summary>The tenant of entries that belong to no tenant (operator key use, rejected keys): only the operator sees them.</summary>
    public const string NoTenant = "*";

    /// <summary>Actors that are not an API key.</summary>
    public const string Anonymous = "anonymous";
    public const string Cli = "cli";
}
