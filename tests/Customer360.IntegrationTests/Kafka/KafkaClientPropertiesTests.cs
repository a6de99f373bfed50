using Customer360.IntegrationTests.Infrastructure;
using Xunit;

namespace Customer360.IntegrationTests.Kafka;

[Collection(KafkaTests.Name)]
public sealed class KafkaClientPropertiesTests(KafkaFixture kafka)
{
    [Fact]
    public async Task Client_properties_from_the_environment_reach_librdkafka_and_events_flow()
    {
        // Underscores stand for dots: shells cannot export a name with a dot in it.
        await using var service = await kafka.StartServiceAsync("customer-events", "client-props", new Dictionary<string, string?>
        {
            ["Kafka__Client__fetch_max_bytes"] = "1048576",
            ["Kafka__Client__max_partition_fetch_bytes"] = "65536",
            ["Kafka__Client__client.rack"] = "rack-a",
        });
        await kafka.ProduceAsync("customer-events", null,
            """{"source":"in","customer_id":"client-props-1","event_type":"data_usage","timestamp":"2024-03-01T10:00:00Z","value":7}""");

        await Poll.UntilAsync(() => service.GetJsonAsync("/api/customers/client-props-1"), c => c is not null,
            TimeSpan.FromSeconds(60), "the event consumed with the client properties set");
    }

    [Fact]
    public async Task An_unknown_client_property_stops_serve_with_a_non_zero_exit_and_librdkafkas_message()
    {
        var db = Path.Combine(Directory.CreateTempSubdirectory("c360-it-").FullName, "customer360.db");
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => ExternalProcess.RunAsync("dotnet",
            [Path.Combine(AppContext.BaseDirectory, "c360.dll"), "serve", "--db", db, "--urls", $"http://127.0.0.1:{FreePort.Next()}"],
            new Dictionary<string, string?>
            {
                ["KAFKA_ENABLED"] = "true",
                ["KAFKA_BOOTSTRAP_SERVERS"] = kafka.Bootstrap,
                ["Kafka__Client__no_such_property"] = "1",
            },
            TimeSpan.FromSeconds(60)));

        Assert.Contains(" exited 1:\n", error.Message, StringComparison.Ordinal);
        Assert.Contains("No such configuration property: \"no.such.property\"", error.Message, StringComparison.Ordinal);
    }
}
