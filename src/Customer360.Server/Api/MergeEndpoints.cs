using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Customer360.Core.Events;
using Customer360.Core.Ingestion;
using Customer360.Core.Profiles;
using Customer360.Core.Storage;
using Customer360.Core.Storage.Audit;

namespace Customer360.Server.Api;

public sealed record MergeRequestBody(string? SourceId, string? Reason, string? MergedBy);

/// <summary>
/// POST /api/customers/{target}/merge and /unmerge. Both become events in the raw log (who, why, when) and go
/// through the same pipeline as a CRM's CustomerMergedEvent, so a replay gives the same golden records.
/// </summary>
public static class MergeEndpoints
{
    public static void MapMergeEndpoints(this RouteGroupBuilder customers)
    {
        customers.MapPost("/{id}/merge", async (HttpContext http, string id, MergeRequestBody body, IProfileStore store, IEventIngestor ingestor, CancellationToken ct) =>
        {
            var tenant = http.Tenant();
            if (string.IsNullOrWhiteSpace(body.SourceId))
            {
                return CustomerApi.Error(StatusCodes.Status400BadRequest, "sourceId is required");
            }

            var target = await store.GetProfileAsync(tenant, id, ct);
            var source = await store.GetProfileAsync(tenant, body.SourceId, ct);
            if (target is null || source is null)
            {
                return CustomerApi.Error(StatusCodes.Status404NotFound, $"customer '{(target is null ? id : body.SourceId)}' not found");
            }

            if (target.Profile.Id == source.Profile.Id)
            {
                return CustomerApi.Error(StatusCodes.Status409Conflict, $"'{body.SourceId}' is already part of '{target.Profile.Id}'");
            }

            return await SendAsync(http, MergeEvents.Merged, tenant, target.Profile.Id, source.Profile.Id, body, store, ingestor, ct);
        });

        customers.MapPost("/{id}/unmerge", async (HttpContext http, string id, MergeRequestBody body, IProfileStore store, IEventIngestor ingestor, CancellationToken ct) =>
        {
            var tenant = http.Tenant();
            if (string.IsNullOrWhiteSpace(body.SourceId))
            {
                return CustomerApi.Error(StatusCodes.Status400BadRequest, "sourceId is required");
            }

            var target = await store.GetProfileAsync(tenant, id, ct);
            if (target is null)
            {
                return CustomerApi.Error(StatusCodes.Status404NotFound, $"customer '{id}' not found");
            }

            if (!target.Aliases.Contains(body.SourceId))
            {
                return CustomerApi.Error(StatusCodes.Status409Conflict, $"'{body.SourceId}' is not merged into '{target.Profile.Id}'");
            }

            return await SendAsync(http, MergeEvents.Unmerged, tenant, target.Profile.Id, body.SourceId, body, store, ingestor, ct);
        });
    }

    private static async Task<IResult> SendAsync(HttpContext http, string type, string tenant, string targetId, string sourceId,
        MergeRequestBody body, IProfileStore store, IEventIngestor ingestor, CancellationToken ct)
    {
        var json = new JsonObject
        {
            ["eventType"] = type,
            ["eventId"] = $"api-{Guid.NewGuid():N}",
            ["timestamp"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
            ["tenantId"] = tenant,
            ["source"] = "api",
            ["payload"] = new JsonObject
            {
                ["targetCustomerId"] = targetId,
                ["sourceCustomerId"] = sourceId,
                ["mergeReason"] = body.Reason ?? "MANUAL",
                ["mergedBy"] = body.MergedBy ?? http.Connection.RemoteIpAddress?.ToString() ?? "api",
            },
        };
        // The store audits the merge in the transaction that makes it, under the caller's key.
        var raw = new RawMessage(JsonSerializer.SerializeToUtf8Bytes(json), "api", $"api:{http.Request.Path}") { Tenant = tenant, Actor = http.Actor() };
        var outcome = (await ingestor.IngestAsync([raw], ct))[0];
        if (outcome.Status != IngestStatus.Accepted)
        {
            return CustomerApi.Error(StatusCodes.Status422UnprocessableEntity, outcome.Reason ?? "not applied");
        }

        var targetView = await store.GetProfileAsync(tenant, targetId, ct);
        var sourceView = type == MergeEvents.Unmerged ? await store.GetProfileAsync(tenant, sourceId, ct) : null;
        return Results.Ok(new
        {
            eventId = outcome.EventId,
            target = targetView is null ? null : ProfileJson.From(targetView),
            source = sourceView is null ? null : ProfileJson.From(sourceView),
        });
    }
}
