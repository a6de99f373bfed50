using System.Text.Json;
using Customer360.IntegrationTests.Infrastructure;
using Customer360.Tests.Fuzz;
using Xunit;

namespace Customer360.IntegrationTests.Fuzz;

/// <summary>
/// The broker half of the fuzz suite: the same seeded messages as over HTTP, a bounded number per broker
/// (C360_FUZZ_BROKER_COUNT, default 250), consumed by the real `c360 serve`.
/// </summary>
internal static class BrokerFuzz
{
    public const int MaxEventBytes = 32 * 1024;

    public static Dictionary<string, string?> ServiceEnv() => new() { ["Ingestion__MaxEventBytes"] = MaxEventBytes.ToString(System.Globalization.CultureInfo.InvariantCulture) };

    public static (List<FuzzMessage> Messages, FuzzLedger Ledger) Generate(string prefix)
    {
        var count = int.TryParse(Environment.GetEnvironmentVariable("C360_FUZZ_BROKER_COUNT"), out var n) ? n : 250;
        var (_, seed) = FuzzTally.Settings(count);
        var messages = new HostileMessages(seed, prefix, MaxEventBytes).Generate(count);
        var ledger = new FuzzLedger();
        ledger.AddAll(messages);
        return (messages, ledger);
    }

    /// <summary>
    /// Waits until every message was consumed, then checks: each hostile one is exactly one dead letter with a
    /// reason and its bytes, each valid one is applied (counts, sums, injection strings), and nothing more.
    /// </summary>
    public static async Task AssertAllEndedAsync(ServiceProcess service, List<FuzzMessage> messages, FuzzLedger ledger, string source)
    {
        var hostile = messages.Where(m => !m.IsGood).ToList();
        var stats = await Poll.UntilAsync(async () => (await service.GetJsonAsync("/api/stats"))!.Value,
            s => s.GetProperty("events").GetInt32() >= ledger.Applied && s.GetProperty("deadLetters").GetInt32() >= hostile.Count,
            TimeSpan.FromSeconds(120), $"{ledger.Applied} events and {hostile.Count} dead letters (consumption must not stall)");
        Assert.Equal(ledger.Applied, stats.GetProperty("events").GetInt32());
        Assert.Equal(hostile.Count, stats.GetProperty("deadLetters").GetInt32());

        await ledger.AssertAppliedAsync(path => service.GetJsonAsync(path));

        var letters = await DeadLettersAsync(service);
        Assert.All(letters, l =>
        {
            Assert.Equal(source, l.GetProperty("source").GetString());
            Assert.False(string.IsNullOrWhiteSpace(l.GetProperty("reason").GetString()), $"dead letter {l.GetProperty("id")} has no reason");
        });
        var stored = letters.Select(l => l.GetProperty("rawBase64").GetString()!).Order(StringComparer.Ordinal).ToList();
        var sent = hostile.Select(m => Convert.ToBase64String(m.Body)).Order(StringComparer.Ordinal).ToList();
        Assert.True(sent.SequenceEqual(stored), "the dead letters are not exactly the hostile messages' bytes");
    }

    private static async Task<List<JsonElement>> DeadLettersAsync(ServiceProcess service)
    {
        var all = new List<JsonElement>();
        long? before = null;
        while (true)
        {
            var page = (await service.GetJsonAsync($"/api/dead-letters?limit=200{(before is null ? "" : $"&before={before}")}"))!.Value;
            var items = page.GetProperty("items").EnumerateArray().ToList();
            all.AddRange(items);
            if (items.Count == 0 || page.GetProperty("next").ValueKind != JsonValueKind.Number)
            {
                return all;
            }

            before = page.GetProperty("next").GetInt64();
        }
    }
}
