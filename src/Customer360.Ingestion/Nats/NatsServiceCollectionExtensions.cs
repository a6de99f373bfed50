using Customer360.Core.Ingestion;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Customer360.Ingestion.Nats;

public static class NatsServiceCollectionExtensions
{
    /// <summary>The NATS source (core queue group or JetStream durable consumer) when Nats:Enabled.</summary>
    public static IServiceCollection AddNatsSource(this IServiceCollection services, IConfiguration configuration)
    {
        if (!configuration.GetValue<bool>(NatsOptions.Section + ":Enabled"))
        {
            return services;
        }

        services.AddOptions<NatsOptions>().BindConfiguration(NatsOptions.Section)
            .Validate(o => o.ServerList.Count > 0, "Nats:Servers needs at least one URL")
            .Validate(o => o.SubjectList.Count > 0, "Nats:Subjects needs at least one subject")
            .Validate(o => o.BatchSize > 0 && o.MaxDeliver > 0 && o.AckWaitSeconds > 0 && o.FetchExpiresMs >= 100, "Nats batch/delivery settings must be positive")
            .ValidateOnStart();
        services.AddSingleton<NatsEventSource>();
        services.AddHostedService(sp => sp.GetRequiredService<NatsEventSource>());
        services.AddSingleton<ISourceHealth>(sp => sp.GetRequiredService<NatsEventSource>());
        return services;
    }
}
