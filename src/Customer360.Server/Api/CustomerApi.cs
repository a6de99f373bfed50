using System.Text.Json;

namespace Customer360.Server.Api;

/// <summary>The HTTP API of CONTRACT.md section 3: JSON, camelCase, times ISO 8601 UTC.</summary>
public static class CustomerApi
{
    public static IServiceCollection AddCustomerApi(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.Section)
            .Validate(o => o.ApiKeys.All(k => k.Key.Length >= 16 && k.Tenant.Length > 0), "Auth:ApiKeys: every key needs 16+ characters and a tenant")
            .ValidateOnStart();
        services.AddOptions<ApiOptions>().BindConfiguration(ApiOptions.Section)
            .Validate(o => o.MaxRequestBytes > 0 && o.MaxBatchEvents > 0, "Api limits must be positive")
            .ValidateOnStart();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<ApiKeyAudit>();
        services.AddOptions<Core.Ingestion.HealthOptions>().BindConfiguration(Core.Ingestion.HealthOptions.Section)
            .Validate(o => o.IsValid, "Health: WindowSeconds must be 1..3600 and the thresholds not negative")
            .ValidateOnStart();
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
            o.SerializerOptions.DictionaryKeyPolicy = null; // consent types and custom field names stay as sent
            o.SerializerOptions.Converters.Add(new UtcTimeJsonConverter());
        });
        return services;
    }

    public static WebApplication MapCustomerApi(this WebApplication app)
    {
        var api = app.MapGroup("/api");
        api.MapEventEndpoints();
        api.MapCustomerEndpoints();
        api.MapDeadLetterEndpoints();
        api.MapStreamEndpoints();
        api.MapAuditEndpoints();
        app.MapOpsEndpoints();
        return app;
    }

    /// <summary>The request's tenant: its API key's, else the X-Tenant-Id header, else `default`.</summary>
    public static string Tenant(this HttpContext context) =>
        context.Items[ApiKeyAuth.TenantItem] as string
        ?? (context.Request.Headers["X-Tenant-Id"].ToString() is { Length: > 0 } tenant ? tenant.Trim() : Core.Dialects.DialectNames.DefaultTenant);

    /// <summary>True when an API key fixed the tenant: events must then not name another one.</summary>
    public static bool TenantIsPinned(this HttpContext context) => context.Items.ContainsKey(ApiKeyAuth.PinnedItem);

    public static IResult Error(int status, string message) => Results.Json(new { error = message }, statusCode: status);
}
