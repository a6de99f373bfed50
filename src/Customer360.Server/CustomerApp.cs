using Customer360.Core.Storage;
using Customer360.Ingestion;
using Customer360.Server.Api;
using Customer360.Server.Configuration;

namespace Customer360.Server;

/// <summary>Builds the web host: configuration (incl. the seeds' env var names), store, ingestion, API and page.</summary>
public static class CustomerApp
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
            WebRootPath = Path.Combine(AppContext.BaseDirectory, "wwwroot"),
        });
        builder.Configuration.AddSeedEnvironmentVariables();
        configure?.Invoke(builder);

        builder.Services.AddProfileStore(builder.Configuration);
        builder.Services.AddIngestion(builder.Configuration);
        builder.Services.AddCustomerApi(builder.Configuration);
        builder.WebHost.ConfigureKestrel((context, kestrel) =>
            kestrel.Limits.MaxRequestBodySize = context.Configuration.GetValue(ApiOptions.Section + ":MaxRequestBytes", ApiOptions.DefaultMaxRequestBytes));

        var app = builder.Build();
        ApiKeyAuth.RefuseOpenNetworkWithoutKeys(
            (app.Configuration["urls"] ?? app.Configuration["ASPNETCORE_URLS"] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries),
            app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<AuthOptions>>().Value);
        app.UseApiKeys();
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.MapCustomerApi();
        return app;
    }

    /// <summary>
    /// Why a background service (a broker source) ended the host, once it has stopped; null after a plain stop. The
    /// host stops when one fails but returns normally, so without this a source that cannot start (a bad Kafka client
    /// property, say) would exit 0 and a supervisor would not know to alert or restart.
    /// </summary>
    public static Exception? BackgroundFailure(WebApplication app) =>
        app.Services.GetServices<IHostedService>().OfType<BackgroundService>()
            .Select(service => service.ExecuteTask?.Exception).FirstOrDefault(failure => failure is not null);
}
