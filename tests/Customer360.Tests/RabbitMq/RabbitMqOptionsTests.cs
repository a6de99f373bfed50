using Customer360.Ingestion.RabbitMq;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit;

namespace Customer360.Tests.RabbitMq;

public sealed class RabbitMqOptionsTests
{
    [Fact]
    public void BindingsFromAnEnvironmentVariableAreACommaList()
    {
        var options = Resolve(new() { ["RabbitMq:Enabled"] = "true", ["RabbitMq:Bindings"] = " customer.#, loyalty.points.*,,credit.# " });

        Assert.Equal(["customer.#", "loyalty.points.*", "credit.#"], options.Bindings);
    }

    [Fact]
    public void BindingsFromAppsettingsMayBeAnArray()
    {
        var options = Resolve(new() { ["RabbitMq:Enabled"] = "true", ["RabbitMq:Bindings:0"] = "customer.#", ["RabbitMq:Bindings:1"] = "credit.#" });

        Assert.Equal(["customer.#", "credit.#"], options.Bindings);
    }

    [Fact]
    public void DefaultsFollowTheSeed()
    {
        var options = Resolve(new() { ["RabbitMq:Enabled"] = "true" });

        Assert.Equal("customer_events", options.Exchange);
        Assert.Equal("customer360", options.Queue);
        Assert.Equal(["customer.#", "loyalty.#", "credit.#"], options.Bindings);
        Assert.Equal("customer_events.dlx", options.DeadLetterExchangeName);
        Assert.Equal("customer360.dead-letters", options.DeadLetterQueueName);
    }

    [Fact]
    public void APrefetchSmallerThanABatchIsRefusedAtStart()
    {
        var error = Assert.Throws<OptionsValidationException>(() =>
            Resolve(new() { ["RabbitMq:Enabled"] = "true", ["RabbitMq:Prefetch"] = "10", ["RabbitMq:BatchSize"] = "100" }));

        Assert.Contains("Prefetch", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheSourceIsNotRegisteredUnlessEnabled()
    {
        var services = new ServiceCollection().AddRabbitMqSource(new ConfigurationBuilder().Build());

        Assert.DoesNotContain(services, d => d.ServiceType == typeof(RabbitMqEventSource));
    }

    [Theory]
    [InlineData("amqp://c360:s3cret@broker.example:5673/prod", "broker.example:5673/prod")]
    [InlineData("amqp://guest:guest@localhost/", "localhost:5672/")]
    public void WhatLogsAndHealthShowOfTheUrlHasNoCredentials(string url, string shown)
    {
        Assert.Equal(shown, RabbitMqEventSource.Endpoint(url));
    }

    private static RabbitMqOptions Resolve(Dictionary<string, string?> values)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration);
        services.AddRabbitMqSource(configuration);
        return services.BuildServiceProvider().GetRequiredService<IOptions<RabbitMqOptions>>().Value;
    }
}
