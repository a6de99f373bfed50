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
    public void A_non_positive_size_is_refused_at_start(string key, string value)
    {
        var error = Assert.Throws<OptionsValidationException>(() => Resolve(new() { [key] = value }));

        Assert.Contains(key, error.Message, StringComparison.Ordinal);
    }
}
