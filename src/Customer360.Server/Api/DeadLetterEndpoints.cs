using System.Text;
using Customer360.Core.Ingestion;
using Customer360.Core.Storage;
using Customer360.Core.Storage.Audit;

namespace Customer360.Server.Api;

/// <summary>Bad events with their reason, origin and raw text; retry (optionally corrected) or delete.</summary>
public static class DeadLetterEndpoints
{
    public static void MapDeadLetterEndpoints(this RouteGroupBuilder api)
    {
        var letters = api.MapGroup("/dead-letters");
        letters.MapGet("/", async (HttpContext http, int? limit, long? before, IProfileStore store, CancellationToken ct) =>
        {
            var list = await store.ListDeadLettersAsync(limit ?? 100, before, ct);
            var visible = list.Where(d => Visible(http, d)).ToList();
            return Results.Ok(new { items = visible.Select(Json), next = list.Count > 0 ? list[^1].Id : (long?)null });
        });

        letters.MapGet("/{id:long}", async (HttpContext http, long id, IProfileStore store, CancellationToken ct) =>
            await store.GetDeadLetterAsync(id, ct) is { } letter && Visible(http, letter) ? Results.Ok(Json(letter)) : NotFound(id));

        letters.MapPost("/{id:long}/retry", async (HttpContext http, long id, DeadLetterService service, IProfileStore store, CancellationToken ct) =>
        {
            if (await store.GetDeadLetterAsync(id, ct) is not { } letter || !Visible(http, letter))
            {
                return NotFound(id);
            }

            using var buffer = new MemoryStream();
            await http.Request.Body.CopyToAsync(buffer, ct);
            var corrected = buffer.Length > 0 ? buffer.ToArray() : null;
            var o = (await service.RetryAsync(letter, corrected, ct)).Outcome!.Value;
            await http.AuditAsync(store, letter.TenantHint ?? AuditActions.NoTenant, AuditActions.DeadLetterRetry, id.ToString(System.Globalization.CultureInfo.InvariantCulture),
                new { status = o.Status.ToString().ToLowerInvariant(), eventId = o.EventId, corrected = corrected is not null });
            var body = new { status = o.Status.ToString().ToLowerInvariant(), eventId = o.EventId, customerId = o.CustomerId, reason = o.Reason };
            return o.Status == IngestStatus.Rejected ? Results.UnprocessableEntity(body) : Results.Ok(body);
        });

        letters.MapDelete("/{id:long}", async (HttpContext http, long id, IProfileStore store, CancellationToken ct) =>
        {
            if (await store.GetDeadLetterAsync(id, ct) is not { } letter || !Visible(http, letter) || !await store.DeleteDeadLetterAsync(id, ct))
            {
                return NotFound(id);
            }

            await http.AuditAsync(store, letter.TenantHint ?? AuditActions.NoTenant, AuditActions.DeadLetterDelete, id.ToString(System.Globalization.CultureInfo.InvariantCulture),
                new { source = letter.Source, origin = letter.Origin });
            return Results.NoContent();
        });
    }

    /// <summary>A tenant's API key sees the letters that arrived for its tenant; without keys (loopback only) all are visible.</summary>
    private static bool Visible(HttpContext http, DeadLetter letter) => !http.TenantIsPinned() || letter.TenantHint == http.Tenant();

    public static object Json(DeadLetter d) => new
    {
        id = d.Id,
        receivedAt = d.ReceivedAt,
        source = d.Source,
        origin = d.Origin,
        tenantHint = d.TenantHint,
        dialectHint = d.DialectHint,
        reason = d.Reason,
        raw = Encoding.UTF8.GetString(d.Raw),
        rawBase64 = Convert.ToBase64String(d.Raw),
        rawBytes = d.Raw.Length,
        retries = d.Retries,
        lastRetryAt = d.LastRetryAt,
    };

    private static IResult NotFound(long id) => CustomerApi.Error(StatusCodes.Status404NotFound, $"dead letter {id} not found");
}
