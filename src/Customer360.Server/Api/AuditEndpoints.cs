using System.Text.Json;
using Customer360.Core.Storage;
using Customer360.Core.Storage.Audit;

namespace Customer360.Server.Api;

/// <summary>GET /api/audit: the audit log, newest first. A tenant's key sees its tenant's entries; the operator key (and a keyless loopback server) sees all.</summary>
public static class AuditEndpoints
{
    public static void MapAuditEndpoints(this RouteGroupBuilder api) =>
        api.MapGet("/audit", async (HttpContext http, int? limit, long? before, string? tenant, IProfileStore store, CancellationToken ct) =>
        {
            var scope = http.TenantIsPinned() ? http.Tenant() : tenant;
            var entries = await store.ListAuditAsync(scope, limit ?? 100, before, ct);
            return Results.Ok(new { items = entries.Select(Json), next = entries.Count > 0 ? entries[^1].Id : (long?)null });
        });

    /// <summary>Who is acting: the API key's name, or `anonymous` on a server without keys (loopback only).</summary>
    public static string Actor(this HttpContext http) => http.Items[ApiKeyAuth.ActorItem] as string ?? AuditActions.Anonymous;

    /// <summary>Appends an entry for the request's actor.</summary>
    public static Task AuditAsync(this HttpContext http, IProfileStore store, string tenant, string action, string? target, object? detail) =>
        store.AppendAuditAsync(AuditEntry.Create(http.Actor(), tenant, action, target, detail), http.RequestAborted);

    private static object Json(AuditEntry e)
    {
        using var detail = JsonDocument.Parse(e.Detail);
        return new { id = e.Id, at = e.At, actor = e.Actor, tenant = e.Tenant, action = e.Action, target = e.Target, detail = detail.RootElement.Clone() };
    }
}
