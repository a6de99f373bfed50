using Customer360.IntegrationTests.Infrastructure;
using Xunit;

namespace Customer360.IntegrationTests.Kafka;

[Collection(KafkaTests.Name)]
public sealed class CrashRecoveryTests(KafkaFixture kafka)
{
    private const string Prefix = "crash";
    private const int Customers = 50;
    private const int Half = 10_000;

    [Fact]
    public async Task Kill_9_mid_stream_then_restart_stores_every_event_exactly_once()
    {
        kafka.ProduceMany("crash", KafkaEvents.Recharges(Prefix, 0, Half, Customers));
        // Small batches: many commits in flight when the process dies.
        await using var service = await kafka.StartServiceAsync("crash", "crash-group", new Dictionary<string, string?> { ["Kafka__BatchSize"] = "100" });
        await Poll.UntilAsync(() => KafkaFixture.EventCountAsync(service), n => n >= 1000, TimeSpan.FromSeconds(60), "the first 1000 events");

        service.KillHard();
        kafka.ProduceMany("crash", KafkaEvents.Recharges(Prefix, Half, Half, Customers));
        await service.RestartAsync();

        await Poll.UntilAsync(async () => (await KafkaFixture.EventCountAsync(service), (await KafkaEvents.HealthAsync(service)).Lag),
            s => s.Item1 >= 2 * Half && s.Lag == 0, TimeSpan.FromSeconds(90), "all 20000 events after the restart");
        Assert.Equal(2 * Half, await KafkaFixture.EventCountAsync(service));
        var stored = await KafkaEvents.StoredAsync(service, Prefix, Customers);
        Assert.Equal(2 * Half, stored.Count);
        Assert.Equal(KafkaEvents.Sum(0, 2 * Half), stored.Total);
    }
}
