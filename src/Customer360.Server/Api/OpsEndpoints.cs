using Customer360.Core.Ingestion;
using Customer360.Core.Storage;
using Microsoft.Extensions.Options;

namespace Customer360.Server.Api;

/// <summary>/api/stats, /health (readiness of the store and each enabled source) and /metrics (Prometheus text).</summary>
public static class OpsEndpoints
{
    public static void MapOpsEndpoints(this WebApplication app)
    {
        app.MapGet("/api/stats", async (HttpContext http, IProfileStore store, IngestMetrics metrics, IEnumerable<ISourceHealth> sources, CancellationToken ct) =>
        {
            // The counts span every tenant (customers, sources, event types): not for a key bound to one tenant.
            if (http.TenantIsPinned())
            {
                return CustomerApi.Error(StatusCodes.Status403Forbidden, "stats cover every tenant: use an operator key (tenant '*')");
            }

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

        // 200 "healthy" or "degraded" (with reasons), 503 "unhealthy" when the store cannot be reached: see HealthCheck.
        app.MapGet("/health", async (IProfileStore store, IEnumerable<ISourceHealth> sources, IngestMetrics metrics, IOptions<HealthOptions> options,
            IServiceProvider services, CancellationToken ct) =>
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
            var now = (services.GetService<TimeProvider>() ?? TimeProvider.System).GetUtcNow();
            var report = HealthCheck.Evaluate(storeError, sourceStates, metrics, options.Value, now);
            var body = new
            {
                status = report.Status.ToString().ToLowerInvariant(),
                reasons = report.Reasons,
                store = new { status = storeError is not null ? "failing" : report.RecentStoreFailures > options.Value.MaxStoreFailures ? "write-failures" : "ok", error = storeError, recentFailures = report.RecentStoreFailures },
                deadLetters = new { recent = report.RecentDeadLetters, windowSeconds = options.Value.WindowSeconds, threshold = options.Value.MaxDeadLetters },
                sources = sourceStates.Select(h => new { name = h.Name, state = h.State.ToString().ToLowerInvariant(), lag = h.Lag, detail = h.Detail }),
            };
            return Results.Json(body, statusCode: report.Status == HealthStatus.Unhealthy ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK);
        });

        app.MapGet("/metrics", (IngestMetrics metrics) => Results.Text(metrics.ToPrometheusText() + RuntimeMetrics.ToPrometheusText(), "text/plain; version=0.0.4; charset=utf-8"));
    }
}
