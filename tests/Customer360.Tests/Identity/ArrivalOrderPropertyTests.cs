using System.Text;
using System.Text.Json;
using Customer360.Core.Dialects;
using Customer360.Core.Events;
using Customer360.Core.Profiles;
using Customer360.Core.Storage;
using Customer360.Core.Storage.Sqlite;

namespace Customer360.Tests.Identity;

/// <summary>
/// Property: for random interleavings and duplications of a generated event set (merges and email-only
/// events included), delivered in random batch sizes, the final profiles equal those of the time-ordered set.
/// </summary>
public sealed class ArrivalOrderPropertyTests
{
    private static readonly EventParser Parser = EventParser.CreateDefault();

    public static TheoryData<int> Seeds() => [.. Enumerable.Range(1, 12)];

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task Any_arrival_order_with_duplicates_gives_the_time_ordered_profiles(int seed)
    {
        var events = EventSetGenerator.Generate(seed);
        var timeOrdered = events.OrderBy(e => e.At).Select(e => e.Json).ToList();
        var expected = await IngestAndSnapshotAsync(timeOrdered, new Random(0), batchMax: 1);

        var random = new Random(seed * 7919);
        for (var round = 0; round < 3; round++)
        {
            var shuffled = events.Select(e => e.Json)
                .Concat(events.Where(_ => random.Next(5) == 0).Select(e => e.Json)) // redeliveries
                .OrderBy(_ => random.Next()).ToList();
            var actual = await IngestAndSnapshotAsync(shuffled, random, batchMax: 1 + random.Next(20));
            AssertSameLines(expected, actual);
        }
    }

    /// <summary>Names the first differing line, so a failure says which customer and what differs.</summary>
    private static void AssertSameLines(string expected, string actual)
    {
        var e = expected.Split('\n');
        var a = actual.Split('\n');
        for (var i = 0; i < Math.Max(e.Length, a.Length); i++)
        {
            var el = i < e.Length ? e[i] : "<none>";
            var al = i < a.Length ? a[i] : "<none>";
            Assert.True(el == al, $"line {i} differs:\nexpected: {el}\nactual:   {al}");
        }
    }

    private static async Task<string> IngestAndSnapshotAsync(IReadOnlyList<string> events, Random random, int batchMax)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("c360-prop-").FullName, "c.db");
        await using var store = new SqliteProfileStore(new SqliteOptions { Path = path }, new ProjectionOptions());
        await store.InitializeAsync(default);
        for (var i = 0; i < events.Count;)
        {
            var size = Math.Min(events.Count - i, 1 + random.Next(batchMax));
            var batch = events.Skip(i).Take(size).Select(json =>
            {
                var raw = RawMessage.FromString(json, "test", "prop");
                var parsed = Parser.Parse(raw);
                Assert.True(parsed.Accepted, parsed.Rejection);
                return new IngestItem(raw, parsed.Event, null);
            }).ToList();
            await store.WriteBatchAsync(batch, default);
            i += size;
        }

        return await SnapshotAsync(store);
    }

    private static async Task<string> SnapshotAsync(IProfileStore store)
    {
        var sb = new StringBuilder();
        var ids = (await store.SearchAsync("default", null, 200, default)).Select(h => h.Id).Order(StringComparer.Ordinal).ToList();
        sb.AppendLine(string.Join(",", ids));
        foreach (var id in ids)
        {
            var view = (await store.GetProfileAsync("default", id, default))!;
            view.Profile.IsNew = false;
            sb.AppendLine(JsonSerializer.Serialize(view));
            sb.AppendLine(JsonSerializer.Serialize((await store.GetTimelineAsync("default", id, new TimelineQuery(500), default)).Items.Select(t => t.EventId)));
            sb.AppendLine(JsonSerializer.Serialize(await store.GetPurchasesAsync("default", id, default)));
            sb.AppendLine(JsonSerializer.Serialize(await store.GetWorkOrdersAsync("default", id, default)));
            sb.AppendLine(JsonSerializer.Serialize(await store.GetKnowledgeAsync("default", id, default)));
        }

        return sb.ToString();
    }
}
