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
        var process = ExternalProcess.Start("dotnet", [Path.Combine(AppContext.BaseDirectory, "c360.dll"), "publish",
            "--event", "recharge", "--dialect", "telecom", "--customer", "kp-2", "--to", "kafka", "--bootstrap", kafka.Bootstrap],
            new Dictionary<string, string?> { ["Kafka__Client__no_such_property"] = "1" });
        await using (process)
        {
            await Poll.UntilAsync(() => Task.FromResult(process.HasExited), exited => exited, TimeSpan.FromSeconds(60), "c360 publish to exit");

            Assert.NotEqual(0, process.ExitCode);
            Assert.Contains("no.such.property", process.Output, StringComparison.Ordinal);
        }
    }
}
