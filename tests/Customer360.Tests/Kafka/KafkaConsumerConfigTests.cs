using Customer360.Ingestion.Kafka;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Customer360.Tests.Kafka;

public sealed class KafkaConsumerConfigTests
{
    private static KafkaOptions Resolve(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        using var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddKafkaSource(configuration).BuildServiceProvider();
        return services.GetRequiredService<IOptions<KafkaOptions>>().Value;
    }

    [Fact]
    public void The_consumer_reads_ahead_a_bounded_queue_stores_offsets_itself_and_skips_headers()
    {
        var config = KafkaConsumerConfig.Create(Resolve(new() { ["Kafka:QueueMaxKbytes"] = "2048" }));

        Assert.Equal(2048, config.QueuedMaxMessagesKbytes);
        Assert.Equal(8192, KafkaConsumerConfig.Create(new KafkaOptions()).QueuedMaxMessagesKbytes);
        Assert.False(config.EnableAutoOffsetStore); // offsets are stored only after their batch is in the store
        Assert.Equal("topic,timestamp", config.Get("dotnet.consumer.consume.result.fields"));
    }

    [Theory]
    [InlineData("Kafka:QueueMaxKbytes", "0")]
    [InlineData("Kafka:BatchSize", "-5")]
    [InlineData("Kafka:WritesInFlight", "0")]
    [InlineData("Kafka:BatchesWaiting", "0")]
    public void A_non_positive_size_is_refused_at_start(string key, string value)
    {
        var error = Assert.Throws<OptionsValidationException>(() => Resolve(new() { [key] = value }));

        Assert.Contains(key, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Client_properties_reach_librdkafka_with_underscores_read_as_dots()
    {
        var config = KafkaConsumerConfig.Create(Resolve(new()
        {
            ["Kafka:Client:security.protocol"] = "SASL_SSL",
            ["Kafka:Client:sasl_username"] = "c360",
            ["Kafka:Client:fetch.max.bytes"] = "4194304",
        }));

        Assert.Equal("SASL_SSL", config.Get("security.protocol"));
        Assert.Equal("c360", config.Get("sasl.username"));
        Assert.Equal(4194304, config.FetchMaxBytes);
        Assert.False(config.EnableAutoOffsetStore);
    }

    [Theory]
    [InlineData("enable.auto.offset.store")]
    [InlineData("enable_auto_offset_store")]
    [InlineData("enable.auto.commit")]
    [InlineData("group.id")]
    [InlineData("bootstrap.servers")]
    [InlineData("dotnet.consumer.consume.result.fields")]
    public void A_client_property_the_delivery_rule_or_another_option_owns_is_refused_at_start(string key)
    {
        var error = Assert.Throws<OptionsValidationException>(() => Resolve(new() { [$"Kafka:Client:{key}"] = "true" }));

        Assert.Contains("Kafka:Client", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_client_property_fails_the_consumer_build_with_its_name()
    {
        KafkaNative.EnsureLoaded();
        var options = new KafkaOptions { Client = { ["no.such.property"] = "1" } };

        var error = Assert.ThrowsAny<Exception>(() => new Confluent.Kafka.ConsumerBuilder<Confluent.Kafka.Ignore, byte[]>(KafkaConsumerConfig.Create(options)).Build().Dispose());

        Assert.Contains("no.such.property", error.Message, StringComparison.Ordinal);
    }
}
