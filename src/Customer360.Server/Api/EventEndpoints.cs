using Customer360.Core.Events;
using Customer360.Core.Ingestion;
using Customer360.Ingestion.Http;
using Microsoft.Extensions.Options;

namespace Customer360.Server.Api;

/// <summary>POST /api/events: one event, an array, or NDJSON, in any dialect; `?dialect=` pins one.</summary>
public static class EventEndpoints
{
    public static void MapEventEndpoints(this RouteGroupBuilder api) => api.MapPost("/events", PostEventsAsync);

    private static async Task<IResult> PostEventsAsync(HttpContext context, string? dialect, IEventIngestor ingestor,
        IOptions<ApiOptions> options, Core.Dialects.EventParser parser, CancellationToken cancellationToken)
    {
        var limit = options.Value.MaxRequestBytes;
        if (context.Request.ContentLength > limit)
        {
            return CustomerApi.Error(StatusCodes.Status413PayloadTooLarge, $"request body of {context.Request.ContentLength} bytes exceeds the limit of {limit}");
        }

        if (dialect is not null && !parser.IsKnownDialect(dialect))
        {
            return CustomerApi.Error(StatusCodes.Status400BadRequest, $"unknown dialect '{dialect}' (known: {string.Join(", ", parser.DialectNames)})");
        }

        byte[] body;
        try
        {
            body = await ReadBodyAsync(context.Request.Body, limit, cancellationToken);
        }
        catch (PayloadTooLargeException)
        {
            return CustomerApi.Error(StatusCodes.Status413PayloadTooLarge, $"request body exceeds the limit of {limit} bytes");
        }
        catch (Microsoft.AspNetCore.Http.BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return CustomerApi.Error(StatusCodes.Status413PayloadTooLarge, $"request body exceeds the limit of {limit} bytes");
        }

        if (body.Length == 0)
        {
            return CustomerApi.Error(StatusCodes.Status400BadRequest, "empty body: send one event, an array of events, or NDJSON");
        }

        var ndjson = context.Request.ContentType?.Contains("ndjson", StringComparison.OrdinalIgnoreCase) == true
            || context.Request.ContentType?.Contains("jsonl", StringComparison.OrdinalIgnoreCase) == true;
        var parts = JsonBatchSplitter.Split(body, ndjson);
        if (parts.Count > options.Value.MaxBatchEvents)
        {
            return CustomerApi.Error(StatusCodes.Status413PayloadTooLarge, $"{parts.Count} events in one request; the limit is {options.Value.MaxBatchEvents}");
        }

        var tenant = context.TenantIsPinned() ? context.Tenant()
            : context.Request.Headers["X-Tenant-Id"].ToString() is { Length: > 0 } t ? t : null;
        var remote = context.Connection.RemoteIpAddress?.ToString() ?? "local";
        var messages = parts.Select((p, i) => new RawMessage(p, "http", $"http:{remote}#{i}")
        {
            Dialect = dialect,
            Tenant = tenant,
            RequiredTenant = context.TenantIsPinned() ? tenant : null,
        }).ToArray();
        var outcomes = await ingestor.IngestAsync(messages, cancellationToken);

        var rejected = outcomes.Select((o, i) => (o, i)).Where(x => x.o.Status == IngestStatus.Rejected)
            .Select(x => new { index = x.i, reason = x.o.Reason, deadLetterId = x.o.DeadLetterId }).ToArray();
        var response = new
        {
            accepted = outcomes.Count(o => o.Status == IngestStatus.Accepted),
            duplicates = outcomes.Count(o => o.Status == IngestStatus.Duplicate),
            rejected,
            eventIds = outcomes.Select(o => o.EventId).ToArray(),
        };

        // 202 even when some were rejected: each rejection names its reason and dead letter, the rest were applied.
        return Results.Json(response, statusCode: StatusCodes.Status202Accepted);
    }

    private static async Task<byte[]> ReadBodyAsync(Stream body, long limit, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                throw new PayloadTooLargeException();
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private sealed class PayloadTooLargeException : Exception;
}
