using System.Globalization;
using System.Text.Json;
using Customer360.Core.Ingestion;
using Customer360.Core.Storage;
using Xunit;

namespace Customer360.Tests.Storage;

/// <summary>
/// Events whose every sum is known from what was produced, for the rebuild-exclusion tests of both stores (also
/// compiled into the integration tests for PostgreSQL): customer c's recharge i has value c + i/4.
/// </summary>
public static class RebuildScenario
{
    public const int Customers = 20;

    public static List<IngestItem> Recharges(int from, int to) =>
        Enumerable.Range(from, to - from + 1)
            .SelectMany(i => Enumerable.Range(0, Customers).Select(c => Item(
                $$"""{"source":"in","customer_id":"rb{{c}}","event_type":"recharge","timestamp":"{{new DateTimeOffset(2025, 4, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(i).ToString("o", CultureInfo.InvariantCulture)}}","value":{{Amount(c, i).ToString(CultureInfo.InvariantCulture)}}}""")))
            .ToList();

    /// <summary>
    /// With `b`'s batch waiting behind `a`'s rebuild: `a` empties the projection and projects its log again, then
    /// lets `b` in; every event ends up counted once.
    /// </summary>
    public static async Task RebuildThenLetTheWaitingBatchInAsync(IProfileStore a, IAsyncDisposable rebuild, Task write)
    {
        await a.ResetProjectionAsync(default);
        var log = await a.ReadEventLogAsync(0, 10_000, default);
        await a.ReprojectAsync(log.Select(e => Item(System.Text.Encoding.UTF8.GetString(e.Raw))).ToList(), default);
        await rebuild.DisposeAsync();
        await write;

        Assert.Equal(Customers * 100, (await a.GetStatsAsync(default)).Events);
        await AssertSumsAsync(a, 100);
    }

    /// <summary>
    /// `a` holds a log of 8,000 events and replays it while `b` writes 2,000 more in small batches: nothing is lost
    /// or doubled, and the result equals a fresh replay.
    /// </summary>
    public static async Task ReplayWhileAnotherWriterIngestsAsync(IProfileStore a, IProfileStore b)
    {
        for (var i = 1; i <= 400; i += 50)
        {
            await a.WriteBatchAsync(Recharges(i, i + 49), default);
        }

        var written = 0;
        var ingest = Task.Run(async () =>
        {
            for (var i = 401; i <= 500; i += 5)
            {
                await b.WriteBatchAsync(Recharges(i, i + 4), default);
                Interlocked.Increment(ref written);
            }
        });
        var started = DateTime.UtcNow;
        while (Volatile.Read(ref written) < 2) // b under way
        {
            Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(60), "b never wrote two batches");
            await Task.Delay(10);
        }

        var replayed = await new ReplayService(TestItems.Parser, a).ReplayAsync(null, default, batchSize: 500);
        await ingest;

        Assert.True(replayed.Done >= 8000);
        Assert.Equal(Customers * 500, (await b.GetStatsAsync(default)).Events);
        await AssertSumsAsync(b, 500);

        var before = await ProfilesAsync(a);
        await new ReplayService(TestItems.Parser, b).ReplayAsync(null, default);
        Assert.Equal(before, await ProfilesAsync(a));
    }

    public static IngestItem Item(string json) => TestItems.Parse(json, "test", "test:rebuild");

    /// <summary>Every customer has exactly recharges 1..perCustomer, each counted once.</summary>
    private static async Task AssertSumsAsync(IProfileStore store, int perCustomer)
    {
        for (var c = 0; c < Customers; c++)
        {
            var p = (await store.GetProfileAsync("default", $"rb{c}", default))!.Profile;
            Assert.Equal(perCustomer, p.Usage.RechargeCount);
            Assert.Equal(Enumerable.Range(1, perCustomer).Sum(i => Amount(c, i)), p.Usage.RechargeTotal);
            Assert.Equal(perCustomer, p.EventCount);
        }
    }

    private static async Task<List<string>> ProfilesAsync(IProfileStore store)
    {
        var list = new List<string>();
        for (var c = 0; c < Customers; c++)
        {
            list.Add(JsonSerializer.Serialize((await store.GetProfileAsync("default", $"rb{c}", default))!.Profile));
        }

        return list;
    }

    private static decimal Amount(int customer, int i) => customer + (i * 0.25m);
}
