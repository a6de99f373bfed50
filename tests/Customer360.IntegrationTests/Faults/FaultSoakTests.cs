using Xunit.Abstractions;

namespace Customer360.IntegrationTests.Faults;

/// <summary>
/// The fault soak per broker, small enough for CI (a few thousand events, 3 kills -9, a broker restart, a write lock
/// held past the busy timeout, a full disk). scripts/soak/run.sh runs the same tests with a large stream.
/// </summary>
public sealed class FaultSoakTests(ITestOutputHelper output)
{
    private static readonly SoakOptions Options = new();

    [Fact]
    public async Task Kafka_stream_through_kills_a_write_lock_and_a_full_disk_is_stored_with_nothing_lost_or_doubled()
    {
        await using var broker = await KafkaSoakBroker.StartAsync(Options.Partitions);
        AssertClean(await new SoakRun(broker, Options with { BrokerRestarts = 0 }, output).RunAsync());
    }

    [Fact]
    public async Task RabbitMq_stream_through_kills_a_broker_restart_a_write_lock_and_a_full_disk_is_stored_with_nothing_lost_or_doubled()
    {
        await using var broker = await RabbitMqSoakBroker.StartAsync();
        AssertClean(await new SoakRun(broker, Options, output).RunAsync());
    }

    [Fact]
    public async Task JetStream_stream_through_kills_a_broker_restart_a_write_lock_and_a_full_disk_is_stored_with_nothing_lost_or_doubled()
    {
        await using var broker = await NatsSoakBroker.StartAsync();
        AssertClean(await new SoakRun(broker, Options, output).RunAsync());
    }

    private static void AssertClean(SoakReport report)
    {
        Assert.True(report.Lost == 0 && report.Doubled == 0 && report.CustomersWithWrongSums == 0 && report.DeadLetters == 0, report.ToString());
        Assert.Equal(report.Produced, report.LoggedEvents);
        Assert.Equal(Options.Kills, report.Kills);
    }
}
