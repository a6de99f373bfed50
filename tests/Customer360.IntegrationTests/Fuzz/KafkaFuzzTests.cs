using Customer360.IntegrationTests.Kafka;
using Xunit;

namespace Customer360.IntegrationTests.Fuzz;

/// <summary>Hostile messages interleaved with valid ones on a Kafka topic: dead letters or applied, never a stalled partition.</summary>
[Collection(KafkaTests.Name)]
public sealed class KafkaFuzzTests(KafkaFixture kafka)
{
    [Fact]
    public async Task Hostile_messages_become_dead_letters_and_every_good_event_between_them_is_applied()
    {
        var (messages, ledger) = BrokerFuzz.Generate("kfz");
        foreach (var m in messages)
        {
            await kafka.ProduceAsync("fuzz", null, m.Body);
        }

        await using var service = await kafka.StartServiceAsync("fuzz", "fuzz", BrokerFuzz.ServiceEnv());
        await BrokerFuzz.AssertAllEndedAsync(service, messages, ledger, "kafka");
    }
}
