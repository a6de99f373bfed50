using Customer360.IntegrationTests.Infrastructure;
using Xunit;

namespace Customer360.IntegrationTests.Kafka;

[Collection(KafkaTests.Name)]
public sealed class PublishToKafkaTests(KafkaFixture kafka)
{
    [Fact]
    public async Task C360_publish_to_kafka_reaches_the_profile_keyed_by_customer()
    {
        await using var service = await kafka.StartServiceAsync("customer-events", "publish-cli");
        var output = await ExternalProcess.RunAsync("dotnet", [Path.Combine(AppContext.BaseDirectory, "c360.dll"), "publish",
            "--event", "recharge", "--dialect", "telecom", "--customer", "kp-1", "--to", "kafka", "--bootstrap", kafka.Bootstrap]);
        var published = output.Split('\n').Count(l => l.StartsWith("customer-events/", StringComparison.Ordinal));
        Assert.True(published > 0, output);

        var profile = await Poll.UntilAsync(() => service.GetJsonAsync("/api/customers/kp-1"),
            p => p?.GetProperty("usage").GetProperty("rechargeCount").GetInt32() == published, TimeSpan.FromSeconds(60), "kp-1's recharges");
        Assert.Equal(published, profile!.Value.GetProperty("counts").GetProperty("events").GetInt32());
    }

    [Fact]
    public async Task C360_publish_to_kafka_takes_the_client_properties_serve_takes()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => ExternalProcess.RunAsync("dotnet", [Path.Combine(AppContext.BaseDirectory, "c360.dll"), "publish",
            "--event", "recharge", "--dialect", "telecom", "--customer", "kp-2", "--to", "kafka", "--bootstrap", kafka.Bootstrap],
            new Dictionary<string, string?> { ["Kafka__Client__no_such_property"] = "1" }));

        // RunAsync throws only on a non-zero exit, with the output it captured.
        Assert.Contains("no.such.property", error.Message, StringComparison.Ordinal);
    }
}
