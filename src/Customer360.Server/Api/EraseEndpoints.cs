using Customer360.Core.Ingestion;

namespace Customer360.Server.Api;

/// <summary>
/// DELETE /api/customers/{id}: erase the customer of the request's tenant (a merged-away id erases its golden
/// record and everything merged into it). The answer names the erasure, never the erased data.
/// </summary>
public static class EraseEndpoints
{
    public static void MapEraseEndpoints(this RouteGroupBuilder customers) =>
        customers.MapDelete("/{id}", async (HttpContext http, string id, ErasureService erasure, CancellationToken ct) =>
            await erasure.EraseAsync(http.Tenant(), id, http.Actor(), ct) is { } r
                ? Results.Ok(new
                {
                    erasureId = r.ErasureId,
                    customerId = r.CustomerId,
                    mergedIds = r.ErasedIds.Skip(1),
                    eventsRedacted = r.EventsRedacted,
                    deadLettersDeleted = r.DeadLettersDeleted,
                    rowsDeleted = r.RowsDeleted,
                    filesScrubbed = r.FilesScrubbed,
                })
                : CustomerApi.Error(StatusCodes.Status404NotFound, $"customer '{id}' not found"));
}
