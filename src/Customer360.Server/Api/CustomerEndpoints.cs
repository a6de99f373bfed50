using Customer360.Core.Storage;

namespace Customer360.Server.Api;

/// <summary>Profile reads. Every route is scoped to the request's tenant; a merged-away id answers its golden record.</summary>
public static class CustomerEndpoints
{
    public static void MapCustomerEndpoints(this RouteGroupBuilder api)
    {
        var customers = api.MapGroup("/customers");
        customers.MapGet("/", async (HttpContext http, string? q, int? limit, IProfileStore store, CancellationToken ct) =>
        {
            var hits = await store.SearchAsync(http.Tenant(), q, limit ?? 20, ct);
            return Results.Ok(new { items = hits.Select(h => new { id = h.Id, name = h.Name, email = h.Email, snippet = h.Snippet }) });
        });

        customers.MapGet("/{id}", async (HttpContext http, string id, IProfileStore store, CancellationToken ct) =>
            await store.GetProfileAsync(http.Tenant(), id, ct) is { } view
                ? Results.Ok(ProfileJson.From(view))
                : NotFound(id));

        customers.MapGet("/{id}/timeline", async (HttpContext http, string id, int? limit, string? before, string? type, IProfileStore store, CancellationToken ct) =>
        {
            if (await store.ResolveCustomerAsync(http.Tenant(), id, ct) is null)
            {
                return NotFound(id);
            }

            var page = await store.GetTimelineAsync(http.Tenant(), id, new TimelineQuery(limit ?? 50, before, type), ct);
            return Results.Ok(new { items = page.Items.Select(ProfileJson.Timeline), next = page.Next });
        });

        customers.MapGet("/{id}/purchases", (HttpContext http, string id, IProfileStore store, CancellationToken ct) =>
            ListAsync(http, id, store, s => s.GetPurchasesAsync(http.Tenant(), id, ct), ct));
        customers.MapGet("/{id}/work-orders", (HttpContext http, string id, IProfileStore store, CancellationToken ct) =>
            ListAsync(http, id, store, s => s.GetWorkOrdersAsync(http.Tenant(), id, ct), ct));
        customers.MapGet("/{id}/knowledge", (HttpContext http, string id, IProfileStore store, CancellationToken ct) =>
            ListAsync(http, id, store, s => s.GetKnowledgeAsync(http.Tenant(), id, ct), ct));

        customers.MapMergeEndpoints();
        customers.MapEraseEndpoints();

        // Everything the projection holds about the customer, in one document (a data-subject access request).
        customers.MapGet("/{id}/export", async (HttpContext http, string id, IProfileStore store, CancellationToken ct) =>
        {
            var tenant = http.Tenant();
            if (await store.GetProfileAsync(tenant, id, ct) is not { } view)
            {
                return NotFound(id);
            }

            var timeline = new List<object>();
            string? cursor = null;
            do
            {
                var page = await store.GetTimelineAsync(tenant, id, new TimelineQuery(500, cursor), ct);
                timeline.AddRange(page.Items.Select(ProfileJson.Timeline));
                cursor = page.Next;
            }
            while (cursor is not null);

            http.Response.Headers.ContentDisposition = $"attachment; filename=\"customer-{view.Profile.Id}.json\"";
            return Results.Ok(new
            {
                exportedAt = DateTimeOffset.UtcNow,
                profile = ProfileJson.From(view),
                timeline,
                purchases = await store.GetPurchasesAsync(tenant, id, ct),
                workOrders = await store.GetWorkOrdersAsync(tenant, id, ct),
                knowledge = await store.GetKnowledgeAsync(tenant, id, ct),
            });
        });

        customers.MapGet("/{id}/context", async (HttpContext http, string id, IProfileStore store, CancellationToken ct) =>
        {
            var tenant = http.Tenant();
            if (await store.GetProfileAsync(tenant, id, ct) is not { } view)
            {
                return NotFound(id);
            }

            var markdown = ContextMarkdown.Render(view,
                (await store.GetTimelineAsync(tenant, id, new TimelineQuery(15), ct)).Items,
                await store.GetPurchasesAsync(tenant, id, ct),
                await store.GetWorkOrdersAsync(tenant, id, ct),
                await store.GetKnowledgeAsync(tenant, id, ct));
            return Results.Text(markdown, "text/markdown; charset=utf-8");
        });
    }

    private static async Task<IResult> ListAsync<T>(HttpContext http, string id, IProfileStore store,
        Func<IProfileStore, Task<IReadOnlyList<T>>> read, CancellationToken ct)
    {
        if (await store.ResolveCustomerAsync(http.Tenant(), id, ct) is null)
        {
            return NotFound(id);
        }

        return Results.Ok(new { items = await read(store) });
    }

    private static IResult NotFound(string id) => CustomerApi.Error(StatusCodes.Status404NotFound, $"customer '{id}' not found");
}
