using Customer360.Core.Ingestion;
using Customer360.Core.Storage;

namespace Customer360.Server.Api;

/// <summary>/api/stats, /health (readiness of the store and each enabled source) and /metrics (Prometheus text).</summary>
public static class OpsEndpoints
{
    public static void MapOpsEndpoints(this WebApplication app)
    {
        app.MapGet("/api/stats", async (IProfileStore store, IngestMetrics metrics, IEnumerable<ISourceHealth> sources, CancellationToken ct) =>
        {
            var stats = await store.GetStatsAsync(ct);
            return Results.Ok(new
            {
                customers = stats.Customers,
                events = stats.Events,
                deadLetters = stats.DeadLetters,
                rejected = metrics.RejectedTotal,
                bySource = stats.EventsBySource,
                byDialect = stats.EventsByDialect,
                byType = stats.EventsByType,
                sources = sources.Select(s => s.GetHealth()).Select(h => new { name = h.Name, state = h.State.ToString().ToLowerInvariant(), lag = h.Lag, detail = h.Detail }),
            });
        });

        app.MapGet("/health", async (IProfileStore store, IEnumerable<ISourceHealth> sources, CancellationToken ct) =>
        {
            string? storeError = null;
            try
            {
                await store.PingAsync(ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                storeError = ex.Message;
            }

            var sourceStates = sources.Select(s => s.GetHealth()).ToList();
            var degraded = sourceStates.Any(s => s.State is SourceState.Disconnected);
            var status = storeError is not null ? "unhealthy" : degraded ? "degraded" : "healthy";
            var body = new
            {
                status,
                store = new { status = storeError is null ? "ok" : "failing", error = storeError },
                sources = sourceStates.Select(h => new { name = h.Name, state = h.State.ToString().ToLowerInvariant(), lag = h.Lag, detail = h.Detail }),
            };
            return Results.Json(body, statusCode: storeError is null ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
        });

        app.MapGet("/metrics", (IngestMetrics metrics) => Results.Text(metrics.ToPrometheusText(), "text/plain; version=0.0.4; charset=utf-8"));
    }
}
