using System.Globalization;
using Customer360.Core.Ingestion;
using Customer360.Core.Profiles;
using Customer360.Core.Storage;
using Customer360.Core.Storage.Postgres;
using Npgsql;

namespace Customer360.IntegrationTests.Postgres;

/// <summary>
/// Several store instances (as several Customer360 processes would hold) writing the same customers at once
/// must give what one instance writing alone gives: no lost update, nothing counted twice, merges intact.
/// </summary>
[Collection(PostgresGroup.Name)]
public sealed class PostgresConcurrencyTests(PostgresCluster cluster)
{
    [Fact]
    public async Task Three_instances_writing_the_same_customers_at_once_end_like_one_instance()
    {
        var events = Workload(customers: 24, perCustomer: 30);
        var redelivered = Shuffle(events.Concat(events.Where((_, i) => i % 5 == 0)).ToList(), seed: 7); // every 5th event sent twice
        var batches = redelivered.Chunk(40).ToList();

        var shared = await cluster.CreateDatabaseAsync();
        var instances = new List<PostgresProfileStore>();
        for (var i = 0; i < 3; i++)
        {
            instances.Add(await OpenAsync(shared));
        }

        // Each instance takes every third batch; all three run at once, like consumers of one group without keys.
        var accepted = await Task.WhenAll(instances.Select((store, i) => Task.Run(async () =>
        {
            var n = 0;
            foreach (var batch in batches.Where((_, b) => b % 3 == i))
            {
                n += (await store.WriteBatchAsync(batch.Select(Item).ToList(), default)).Count(o => o.Status == IngestStatus.Accepted);
            }

            return n;
        })));

        await using var alone = await OpenAsync(await cluster.CreateDatabaseAsync());
        foreach (var batch in events.Chunk(40))
        {
            await alone.WriteBatchAsync(batch.Select(Item).ToList(), default);
        }

        Assert.Equal(events.Count, accepted.Sum());
        var store = instances[0];
        Assert.Equal(events.Count, (await store.GetStatsAsync(default)).Events);
        Assert.Equal((await alone.GetStatsAsync(default)).Customers, (await store.GetStatsAsync(default)).Customers);
        for (var c = 0; c < 24; c++)
        {
            foreach (var id in new[] { $"c{c}", $"dup{c}" })
            {
                var expected = (await alone.GetProfileAsync("default", id, default))!.Profile;
                var actual = (await store.GetProfileAsync("default", id, default))!.Profile;
                Assert.Equal(expected.Id, actual.Id);
                Assert.Equal(expected.Usage.RechargeTotal, actual.Usage.RechargeTotal);
                Assert.Equal(expected.Usage.RechargeCount, actual.Usage.RechargeCount);
                Assert.Equal(expected.Usage.DataUsageMb, actual.Usage.DataUsageMb);
                Assert.Equal(expected.EventCount, actual.EventCount);
                Assert.Equal(expected.PurchaseCount, actual.PurchaseCount);
                Assert.Equal(expected.LifetimeValue, actual.LifetimeValue);
                Assert.Equal((await alone.GetPurchasesAsync("default", id, default)).Select(p => (p.Id, p.Total)),
                    (await store.GetPurchasesAsync("default", id, default)).Select(p => (p.Id, p.Total)));
                Assert.Equal(actual.EventCount, (await store.GetTimelineAsync("default", id, new TimelineQuery(500), default)).Items.Count);
            }
        }

        // The sums are also what was produced: c0 got recharges 1..30 and its merged-in duplicate 1..30 more.
        var c0 = (await store.GetProfileAsync("default", "dup0", default))!.Profile;
        Assert.Equal("c0", c0.Id);
        Assert.Equal(2 * Enumerable.Range(1, 30).Sum(), c0.Usage.RechargeTotal);
        foreach (var s in instances)
        {
            await s.DisposeAsync();
        }
    }

    [Fact]
    public async Task Three_instances_starting_at_once_create_the_schema_once()
    {
        var db = await cluster.CreateDatabaseAsync();
        var stores = Enumerable.Range(0, 3).Select(_ => new PostgresProfileStore(new PostgresOptions { ConnectionString = db }, new ProjectionOptions())).ToList();
        await Task.WhenAll(stores.Select(s => s.InitializeAsync(default)));
        await stores[0].InitializeAsync(default); // and again: idempotent

        await using var c = new NpgsqlConnection(db);
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT count(*), max(version) FROM schema_version", c);
        await using var r = await cmd.ExecuteReaderAsync();
        await r.ReadAsync();
        Assert.Equal(r.GetInt32(1), r.GetInt64(0));
        Assert.All(stores, s => Assert.Equal(r.GetInt32(1), s.SchemaVersion));
        foreach (var s in stores)
        {
            await s.DisposeAsync();
        }
    }

    /// <summary>Per customer: recharges 1..n, data usage, purchases re-sent with a newer total, and a duplicate id merged into it midway.</summary>
    private static List<string> Workload(int customers, int perCustomer)
    {
        var list = new List<string>();
        var t0 = new DateTimeOffset(2025, 3, 1, 0, 0, 0, TimeSpan.Zero);
        for (var c = 0; c < customers; c++)
        {
            for (var i = 1; i <= perCustomer; i++)
            {
                var at = t0.AddMinutes(i).ToString("o", CultureInfo.InvariantCulture);
                list.Add(Telecom($"c{c}", "recharge", i, at));
                list.Add(Telecom($"dup{c}", "recharge", i, at));
                list.Add(Telecom($"c{c}", "data_usage", i * 1.5m, at));
                if (i % 10 == 0)
                {
                    var unix = t0.AddMinutes(i).ToUnixTimeSeconds();
                    list.Add(Purchase($"c{c}", $"o{c}-{i}", i, unix));
                    list.Add(Purchase($"c{c}", $"o{c}-{i}", i + 100, unix + 60)); // the same order again, newer: this total wins
                }
            }

            list.Add($$$"""{"eventType":"CustomerMergedEvent","eventId":"merge-{{{c}}}","timestamp":"2025-03-01T00:15:00Z","payload":{"targetCustomerId":"c{{{c}}}","sourceCustomerId":"dup{{{c}}}","mergeReason":"DUPLICATE"}}""");
        }

        return list;
    }

    private static string Telecom(string customer, string type, decimal value, string at) =>
        $$"""{"source":"in","customer_id":"{{customer}}","event_type":"{{type}}","timestamp":"{{at}}","value":{{value.ToString(CultureInfo.InvariantCulture)}}}""";

    private static string Purchase(string customer, string id, decimal total, long at) =>
        $$$"""{"customer_id":"{{{customer}}}","event_type":"purchase","timestamp":{{{at}}},"source_service":"shop","data":{"purchase_id":"{{{id}}}","total":{{{total.ToString(CultureInfo.InvariantCulture)}}}}}""";

    private static List<T> Shuffle<T>(List<T> list, int seed)
    {
        var random = new Random(seed);
        for (var i = list.Count - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (list[i], list[j]) = (list[j], list[i]);
        }

        return list;
    }

    private static IngestItem Item(string json) => PostgresStores.Item(json, "test:concurrency");

    private static Task<PostgresProfileStore> OpenAsync(string connectionString) => PostgresStores.OpenAsync(connectionString);
}
