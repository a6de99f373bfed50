using System.Text.Json;
using Customer360.IntegrationTests.Infrastructure;
using Xunit;

namespace Customer360.IntegrationTests.Kafka;

/// <summary>The producers seed 001 users run (kafka-python, kcat, kafkajs) publishing to `customer-events`.</summary>
[Collection(KafkaTests.Name)]
public sealed class SeedProducerTests(KafkaFixture kafka)
{
    private const string Customer = "1234567890";

    [Fact]
    public async Task Python_kcat_and_kafkajs_events_on_customer_events_build_the_profile()
    {
        await using var service = await kafka.StartServiceAsync("customer-events", "seed-producers");

        // Seed 001's Python code as written: no key, value_serializer json.dumps, isoformat()+'Z' local time.
        await ExternalProcess.RunAsync("/usr/bin/python3", [Path.Combine(AppContext.BaseDirectory, "clients", "kafka_seed_producer.py"), kafka.Bootstrap.Split(',')[0]]);

        var kcatLine = """{"source":"billing","customer_id":"1234567890","event_type":"recharge","timestamp":"2024-01-15T10:30:00Z","value":25}""";
        var kcatInput = Path.Combine(Directory.CreateTempSubdirectory("c360-kcat-").FullName, "events.jsonl");
        await File.WriteAllTextAsync(kcatInput, kcatLine + "\n");
        await ExternalProcess.RunAsync("kcat", ["-P", "-b", kafka.Bootstrap, "-t", "customer-events", "-k", Customer, "-l", kcatInput]);

        var jsEvents = JsonSerializer.Serialize(new object[]
        {
            new { source = "app", customer_id = Customer, event_type = "data_usage", timestamp = "2024-01-16T08:00:00.123Z", value = 120.5 },
            new { source = "in", customer_id = Customer, event_type = "call_outgoing", timestamp = "2024-01-16T09:00:00Z", value = 7 },
        });
        await ExternalProcess.RunAsync("node", [Path.Combine(AppContext.BaseDirectory, "clients", "kafkajs_producer.js"), kafka.Bootstrap, "customer-events", jsEvents],
            new Dictionary<string, string?> { ["NODE_PATH"] = NodeModules() });

        var profile = await Poll.UntilAsync(() => service.GetJsonAsync($"/api/customers/{Customer}"),
            p => p?.GetProperty("counts").GetProperty("events").GetInt32() == 5, TimeSpan.FromSeconds(60), "5 events for 1234567890");

        var usage = profile!.Value.GetProperty("usage");
        Assert.Equal(620.5, usage.GetProperty("dataUsageMb").GetDouble());
        Assert.Equal(75, usage.GetProperty("rechargeTotal").GetDouble());
        Assert.Equal(2, usage.GetProperty("rechargeCount").GetInt32());
        Assert.Equal(7, usage.GetProperty("callMinutes").GetDouble());
        Assert.Equal(0, (await service.GetJsonAsync("/api/stats"))!.Value.GetProperty("deadLetters").GetInt32());
    }

    /// <summary>The npm clients are installed next to the sources (scripts/install-prerequisites.sh), not in bin/.</summary>
    private static string NodeModules()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "Customer360.IntegrationTests", "clients", "node_modules");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("clients/node_modules not found: run scripts/install-prerequisites.sh");
    }
}
