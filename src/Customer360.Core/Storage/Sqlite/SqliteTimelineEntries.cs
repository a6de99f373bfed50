using Customer360.Core.Dialects;
using Customer360.Core.Events;
using Customer360.Core.Profiles;

namespace Customer360.Core.Storage.Sqlite;

/// <summary>
/// Timeline entries from raw log rows (schema v5 keeps no timeline table): each body is parsed again exactly as a
/// replay would (same dialect, tenant hint and broker time) and given the projector's entry for it, so a page shows
/// what a timeline row used to hold. A body that no longer parses (a rule changed since) still shows, from the
/// log's own columns.
/// </summary>
internal sealed class SqliteTimelineEntries(Projector projector)
{
    // Stored bodies passed the size limit when they arrived; a lowered limit must not hide them now.
    private readonly EventParser _parser = EventParser.CreateDefault(maxEventBytes: int.MaxValue);

    /// <summary>The columns a timeline query selects, in the order Entry reads them.</summary>
    public const string Columns = "event_id, type, occurred_at, dialect, source, origin, tenant_hint, broker_time, raw, seq";

    public TimelineEntry Entry(Microsoft.Data.Sqlite.SqliteDataReader r)
    {
        var eventId = r.GetString(0);
        var type = r.GetString(1);
        var occurredAt = SqliteValues.ReadTime(r, 2);
        var dialect = r.GetString(3);
        var raw = new RawMessage((byte[])r.GetValue(8), r.GetString(4), r.GetString(5))
        {
            Dialect = dialect,
            Tenant = SqliteValues.ReadText(r, 6),
            BrokerTime = SqliteValues.ReadTimeOrNull(r, 7),
        };
        // The log's id keys the entry (the page cursor, search hits), whatever a parse of the body gives.
        return _parser.Parse(raw).Event is { } e
            ? projector.Timeline(e) with { EventId = eventId }
            : new TimelineEntry(eventId, type, occurredAt, raw.Source, dialect, null, null, null, null, Json.EmptyObject);
    }
}
