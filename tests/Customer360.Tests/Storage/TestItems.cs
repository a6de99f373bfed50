using Customer360.Core.Dialects;
using Customer360.Core.Events;
using Customer360.Core.Storage;

namespace Customer360.Tests.Storage;

/// <summary>
/// A JSON event as the store receives it: parsed by the default dialects into an item (also compiled into the
/// integration tests). One parser for every store test.
/// </summary>
public static class TestItems
{
    public static readonly EventParser Parser = EventParser.CreateDefault();

    public static IngestItem Parse(string json, string source, string origin)
    {
        var raw = RawMessage.FromString(json, source, origin);
        var parsed = Parser.Parse(raw);
        return new IngestItem(raw, parsed.Event, parsed.Rejection);
    }

    /// <summary>A telecom recharge with its own event id, as the bulk-write tests send them.</summary>
    public static IngestItem Recharge(string eventId, string customerId, int value) => Parse(
        $$"""{"event_id":"{{eventId}}","source":"in","customer_id":"{{customerId}}","event_type":"recharge","timestamp":"2024-01-15T10:00:00Z","value":{{value}}}""",
        "test", "t");
}
