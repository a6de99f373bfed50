namespace Customer360.Core.Storage.Audit;

/// <summary>One row of the append-only audit log. Detail is a JSON object; it never holds names, emails or phones.</summary>
public sealed record AuditEntry(long Id, DateTimeOffset At, string Actor, string Tenant, string Action, string? Target, string Detail)
{
    /// <summary>A new entry, before the store numbers it.</summary>
    public static AuditEntry Create(string actor, string tenant, string action, string? target, object? detail = null) =>
        new(0, DateTimeOffset.UtcNow, actor, tenant, action, target, detail is null ? "{}" : System.Text.Json.JsonSerializer.Serialize(detail, JsonOptions));

    private static readonly System.Text.Json.JsonSerializerOptions JsonOptions = new(System.Text.Json.JsonSerializerDefaults.Web);
}
