using System.Text.Json;

namespace Customer360.Tests.Fuzz;

/// <summary>
/// What the store must show once every valid fuzz event was applied exactly once: per customer the event
/// count and the dialect's sum, and the injection strings byte for byte. Reads through any GET function
/// (in-process API or a `c360 serve` child process).
/// </summary>
public sealed class FuzzLedger
{
    private readonly Dictionary<string, List<GoodEvent>> _customers = new(StringComparer.Ordinal);

    public int Applied { get; private set; }

    public void Add(GoodEvent e)
    {
        if (!_customers.TryGetValue(e.CustomerId, out var list))
        {
            _customers[e.CustomerId] = list = [];
        }

        list.Add(e);
        Applied++;
    }

    public void AddAll(IEnumerable<FuzzMessage> messages)
    {
        foreach (var m in messages.Where(m => m.IsGood))
        {
            Add(m.Good!);
        }
    }

    /// <summary>Fails with the first customer whose profile or timeline differs from what was sent.</summary>
    public async Task AssertAppliedAsync(Func<string, Task<JsonElement?>> get)
    {
        foreach (var (id, list) in _customers)
        {
            var (dialect, events, sum) = (list[0].Dialect, list.Count, list.Sum(e => e.Amount));
            var path = $"/api/customers/{Uri.EscapeDataString(id)}";
            var profile = await get(path) ?? throw new Xunit.Sdk.XunitException($"customer '{id}' ({dialect}) was not created");
            Assert.True(id == profile.GetProperty("id").GetString(), $"customer id '{id}' came back as '{profile.GetProperty("id")}'");
            var counted = profile.GetProperty("counts").GetProperty("events").GetInt32();
            Assert.True(events == counted, $"customer '{id}' ({dialect}): {counted} events, expected {events}");
            if (GoodEvents.SumField(dialect) is { } field)
            {
                var shown = Read(profile, field);
                Assert.True(sum == shown, $"customer '{id}' ({dialect}): {field} = {shown}, expected {sum}");
            }

            var verbatim = list.Where(e => e.Verbatim.Count > 0).ToList();
            if (verbatim.Count == 0)
            {
                continue;
            }

            Assert.Equal(verbatim[0].Verbatim["name"], profile.GetProperty("name").GetString());
            var timeline = (await get(path + "/timeline?limit=1000"))!.Value.GetProperty("items").EnumerateArray().ToList();
            foreach (var e in verbatim)
            {
                var item = timeline.SingleOrDefault(t => t.GetProperty("eventId").GetString() == e.EventId);
                Assert.True(item.ValueKind == JsonValueKind.Object, $"event {e.EventId} of '{id}' is not in its timeline");
                Assert.Equal(e.Verbatim["title"], item.GetProperty("title").GetString());
                Assert.Equal(e.Verbatim["description"], item.GetProperty("description").GetString());
            }
        }
    }

    private static decimal Read(JsonElement profile, string field)
    {
        var node = profile;
        foreach (var part in field.Split('.'))
        {
            node = node.GetProperty(part);
        }

        return node.ValueKind == JsonValueKind.Null ? 0 : node.GetDecimal();
    }
}
