using Customer360.IntegrationTests.Infrastructure;
using Xunit;

namespace Customer360.IntegrationTests.Kafka;

[Collection(KafkaTests.Name)]
public sealed class ConsumerGroupTests(KafkaFixture kafka)
{
    private const string Prefix = "grp";
    private const int Customers = 40;
    private const int PerPhase = 1000;

    [Fact]
    public async Task Two_instances_split_the_partitions_and_a_stopped_one_hands_over_without_loss_or_doubles()
    {
        // Separate databases on purpose: an event read by both instances would show up twice in the sums.
        await using var a = await kafka.StartServiceAsync("split", "split-group");
        await using var b = await kafka.StartServiceAsync("split", "split-group");
        await Poll.UntilAsync(async () => (await KafkaEvents.HealthAsync(a)).Partitions + "/" + (await KafkaEvents.HealthAsync(b)).Partitions,
            s => s == "4/4", TimeSpan.FromSeconds(60), "the 8 partitions split 4/4");

        kafka.ProduceMany("split", KafkaEvents.Recharges(Prefix, 0, PerPhase, Customers));
        await Poll.UntilAsync(async () => await KafkaFixture.EventCountAsync(a) + await KafkaFixture.EventCountAsync(b),
            n => n >= PerPhase, TimeSpan.FromSeconds(60), "the first 1000 events across both instances");
        var onB = await KafkaFixture.EventCountAsync(b);
        var storedB = await KafkaEvents.StoredAsync(b, Prefix, Customers);
        Assert.True(onB > 0 && onB < PerPhase, $"both instances should have consumed some events; b has {onB}");

        await b.StopAsync(); // leaves the group: its partitions move to a
        await Poll.UntilAsync(async () => (await KafkaEvents.HealthAsync(a)).Partitions, n => n == 8, TimeSpan.FromSeconds(60), "a owning all 8 partitions");
        kafka.ProduceMany("split", KafkaEvents.Recharges(Prefix, PerPhase, PerPhase, Customers));

        var expectedOnA = 2 * PerPhase - onB;
        await Poll.UntilAsync(async () => (await KafkaFixture.EventCountAsync(a), (await KafkaEvents.HealthAsync(a)).Lag),
            s => s.Item1 >= expectedOnA && s.Lag == 0, TimeSpan.FromSeconds(60), "a to consume the rest");
        Assert.Equal(expectedOnA, await KafkaFixture.EventCountAsync(a));

        var storedA = await KafkaEvents.StoredAsync(a, Prefix, Customers);
        Assert.Equal(2 * PerPhase, storedA.Count + storedB.Count);
        Assert.Equal(KafkaEvents.Sum(0, 2 * PerPhase), storedA.Total + storedB.Total);
    }
}
