using Customer360.IntegrationTests.Infrastructure;
using Xunit;

namespace Customer360.IntegrationTests.Kafka;

[Collection(KafkaTests.Name)]
public sealed class PoisonMessageTests(KafkaFixture kafka)
{
    [Fact]
    public async Task Not_json_and_bad_avro_go_to_dead_letters_and_consumption_continues()
    {
        await using var service = await kafka.StartServiceAsync("poison", "poison");
        const string key = "p-1";
        await kafka.ProduceAsync("poison", key, Event(1));
        await kafka.ProduceAsync("poison", key, "this is not json {");
        await kafka.ProduceAsync("poison", key, [0, 0, 0, 0, 99, 1, 2, 3]); // wire format, unknown schema id 99
        await kafka.ProduceAsync("poison", key, Event(2));

        await Poll.UntilAsync(async () => (await service.GetJsonAsync("/api/stats"))!.Value,
            s => s.GetProperty("events").GetInt32() == 2 && s.GetProperty("deadLetters").GetInt32() == 2,
            TimeSpan.FromSeconds(60), "2 events and 2 dead letters");

        var letters = (await service.GetJsonAsync("/api/dead-letters"))!.Value.GetProperty("items").EnumerateArray().ToList();
        Assert.Contains(letters, l => l.GetProperty("reason").GetString()!.StartsWith("malformed JSON", StringComparison.Ordinal)
                                      && l.GetProperty("raw").GetString() == "this is not json {");
        var avro = Assert.Single(letters, l => l.GetProperty("reason").GetString()!.Contains("schema id 99", StringComparison.Ordinal));
        Assert.Equal(Convert.ToBase64String([0, 0, 0, 0, 99, 1, 2, 3]), avro.GetProperty("rawBase64").GetString());
        Assert.StartsWith("kafka:poison/", avro.GetProperty("origin").GetString(), StringComparison.Ordinal);
        Assert.NotNull(await service.GetJsonAsync("/api/customers/p-1"));
    }

    private static string Event(int n) =>
        $$"""{"source":"in","customer_id":"p-1","event_type":"data_usage","timestamp":"2024-02-0{{n}}T10:00:00Z","value":{{n}}}""";
}
