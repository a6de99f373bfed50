using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Customer360.Core.Ingestion;
using Customer360.Core.Storage;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Customer360.Server.Api;

/// <summary>
/// GET /api/customers/{id}/stream: Server-Sent Events carrying the profile (the shape of GET /api/customers/{id})
/// once on connect and again after every committed batch that touched the customer.
/// </summary>
public static class StreamEndpoints
{
    /// <summary>Event type of the profile messages; the page listens for it.</summary>
    public const string ProfileEvent = "profile";

    // A named event the browser ignores: keeps idle connections alive through proxies and lets the server
    // notice a client that went away without closing.
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(20);

    public static void MapStreamEndpoints(this RouteGroupBuilder api) =>
        api.MapGet("/customers/{id}/stream", async (HttpContext http, string id, IProfileStore store, ChangeFeed feed,
            IOptions<JsonOptions> json, CancellationToken ct) =>
        {
            var tenant = http.Tenant();
            if (await store.GetProfileAsync(tenant, id, ct) is not { } view)
            {
                return CustomerApi.Error(StatusCodes.Status404NotFound, $"customer '{id}' not found");
            }

            // Subscribe to the golden record's id: events for a merged-away alias land there.
            var subscription = feed.Subscribe(tenant, view.Profile.Id);
            http.Response.RegisterForDispose(subscription);
            return TypedResults.ServerSentEvents(ProfilesAsync(tenant, view.Profile.Id, subscription, store, json.Value.SerializerOptions, ct));
        });

    private static async IAsyncEnumerable<SseItem<string>> ProfilesAsync(string tenant, string id, ChangeFeed.Subscription subscription,
        IProfileStore store, JsonSerializerOptions options, [EnumeratorCancellation] CancellationToken ct)
    {
        // Read after subscribing, so a change committed between the first read and the subscription is not missed.
        while (true)
        {
            if (await store.GetProfileAsync(tenant, id, ct) is not { } view)
            {
                yield break; // erased while watched: end the stream
            }

            yield return new SseItem<string>(JsonSerializer.Serialize(ProfileJson.From(view), options), ProfileEvent);
            bool? changed;
            while ((changed = await NextChangeAsync(subscription, ct)) == false)
            {
                yield return new SseItem<string>("", "ping");
            }

            if (changed is null)
            {
                yield break; // subscription closed
            }

            // The channel holds one signal: drain it so several batches committed meanwhile give one read.
            while (subscription.Changes.TryRead(out _))
            {
            }
        }
    }

    /// <summary>True when a change arrived, false when the heartbeat interval passed first, null when the feed closed.</summary>
    private static async Task<bool?> NextChangeAsync(ChangeFeed.Subscription subscription, CancellationToken ct)
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct);
        wait.CancelAfter(Heartbeat);
        try
        {
            return await subscription.Changes.WaitToReadAsync(wait.Token) ? true : null;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return false;
        }
    }
}
