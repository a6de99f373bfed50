using Customer360.Core.Ingestion;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Customer360.Ingestion.RabbitMq;

public static class RabbitMqServiceCollectionExtensions
{
    /// <summary>Registers the RabbitMQ source (and its health) when `RabbitMq:Enabled` is true.</summary>
    public static IServiceCollection AddRabbitMqSource(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(RabbitMqOptions.Section);
        if (!section.GetValue<bool>(nameof(RabbitMqOptions.Enabled)))
        {
            return services;
        }

        services.AddOptions<RabbitMqOptions>().BindConfiguration(RabbitMqOptions.Section)
            .PostConfigure(o => o.Bindings = ParseBindings(section.GetSection(nameof(RabbitMqOptions.Bindings)), o.Bindings))
            .Validate(o => Uri.TryCreate(o.Url, UriKind.Absolute, out var u) && u.Scheme is "amqp" or "amqps", "RabbitMq:Url must be an amqp:// or amqps:// URL")
            .Validate(o => o.Exchange.Length > 0 && o.Queue.Length > 0, "RabbitMq:Exchange and RabbitMq:Queue must be set")
            .Validate(o => o.BatchSize > 0 && o.Prefetch >= o.BatchSize, "RabbitMq:Prefetch must be >= RabbitMq:BatchSize > 0")
            .Validate(o => o.ReconnectDelayMs > 0, "RabbitMq:ReconnectDelayMs must be positive")
            .ValidateOnStart();
        services.AddSingleton<RabbitMqEventSource>();
        services.AddSingleton<ISourceHealth>(sp => sp.GetRequiredService<RabbitMqEventSource>());
        services.AddHostedService(sp => sp.GetRequiredService<RabbitMqEventSource>());
        return services;
    }

    /// <summary>RABBITMQ_BINDINGS arrives as one comma-separated value; appsettings may use an array.</summary>
    internal static string[] ParseBindings(IConfigurationSection section, string[] bound)
    {
        var list = section.Value is { Length: > 0 } csv
            ? csv.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : bound.Select(b => b.Trim()).Where(b => b.Length > 0).ToArray();
        return list.Length > 0 ? list.Distinct(StringComparer.Ordinal).ToArray() : [.. RabbitMqOptions.DefaultBindings];
    }
}
