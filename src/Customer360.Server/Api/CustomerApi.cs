using System.Text.Json;

namespace Customer360.Server.Api;

/// <summary>The HTTP API of CONTRACT.md section 3: JSON, camelCase, times ISO 8601 UTC.</summary>
public static class CustomerApi
{
    public static IServiceCollection AddCustomerApi(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ApiOptions>().BindConfiguration(ApiOptions.Section)
            .Validate(o => o.MaxRequestBytes > 0 && o.MaxBatchEvents > 0, "Api limits must be positive")
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
        app.MapOpsEndpoints();
        return app;
    }

    /// <summary>The request's tenant: the X-Tenant-Id header, else `default` (API keys bind it in a later issue).</summary>
    public static string Tenant(this HttpContext context) =>
        context.Request.Headers["X-Tenant-Id"].ToString() is { Length: > 0 } tenant ? tenant.Trim() : Core.Dialects.DialectNames.DefaultTenant;

    public static IResult Error(int status, string message) => Results.Json(new { error = message }, statusCode: status);
}
