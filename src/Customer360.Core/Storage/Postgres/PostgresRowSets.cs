using Customer360.Core.Events;
using Customer360.Core.Profiles;
using Npgsql;
using NpgsqlTypes;
using static Customer360.Core.Storage.Postgres.PostgresValues;

namespace Customer360.Core.Storage.Postgres;

/// <summary>Column arrays for the two bulk inserts: one statement of `unnest(...)` per batch, rows in arrival order.</summary>
internal static class PostgresRowSets
{
    public sealed class Events
    {
        private const string Sql = """
            INSERT INTO events (tenant_id, event_id, customer_id, type, occurred_at, dialect, source, origin, received_at, tenant_hint, broker_time, raw)
            SELECT t, e, c, ty, oc, d, s, o, r, th, bt, raw
            FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::text[], $7::text[], $8::text[],
                        $9::timestamptz[], $10::text[], $11::timestamptz[], $12::bytea[]) WITH ORDINALITY AS u(t, e, c, ty, oc, d, s, o, r, th, bt, raw, n)
            ORDER BY n
            ON CONFLICT (tenant_id, event_id) DO NOTHING
            """;

        private readonly List<(CustomerEvent Event, RawMessage Raw, string CustomerId)> _rows = [];

        public int Count => _rows.Count;

        public void Add(CustomerEvent e, RawMessage raw, string customerId) => _rows.Add((e, raw, customerId));

        public (NpgsqlBatchCommand Command, int Rows) Take()
        {
            var r = _rows;
            var command = PostgresWriteQueue.Command(Sql,
            [
                Texts(r.Select(x => x.Event.TenantId)), Texts(r.Select(x => x.Event.EventId)), Texts(r.Select(x => x.CustomerId)),
                Texts(r.Select(x => x.Event.Type)), Times(r.Select(x => (DateTimeOffset?)x.Event.OccurredAt)), Texts(r.Select(x => x.Event.Dialect)),
                Texts(r.Select(x => x.Raw.Source)), Texts(r.Select(x => x.Raw.Origin)), Times(r.Select(x => (DateTimeOffset?)x.Raw.ReceivedAt)),
                Texts(r.Select(x => x.Raw.Tenant)), Times(r.Select(x => x.Raw.BrokerTime)),
                new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea, Value = r.Select(x => x.Raw.Body.ToArray()).ToArray() },
            ]);
            var count = r.Count;
            r.Clear();
            return (command, count);
        }
    }

    public sealed class Timeline
    {
        private const string Sql = """
            INSERT INTO timeline (tenant_id, event_id, customer_id, type, occurred_at, source, dialect, title, description, summary, amount, data, search)
            SELECT t, e, c, ty, oc, s, d, ti, de, su, am, da::jsonb, CASE WHEN w IS NULL THEN NULL ELSE to_tsvector('simple', w) END
            FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::text[], $7::text[], $8::text[],
                        $9::text[], $10::text[], $11::numeric[], $12::text[], $13::text[]) WITH ORDINALITY AS u(t, e, c, ty, oc, s, d, ti, de, su, am, da, w, n)
            ORDER BY n
            ON CONFLICT (tenant_id, event_id) DO NOTHING
            """;

        private readonly List<(string Tenant, string CustomerId, TimelineEntry Entry, bool Searchable)> _rows = [];

        public int Count => _rows.Count;

        public void Add(string tenantId, string customerId, TimelineEntry entry, bool searchable) => _rows.Add((tenantId, customerId, entry, searchable));

        public NpgsqlBatchCommand Take()
        {
            var r = _rows;
            var command = PostgresWriteQueue.Command(Sql,
            [
                Texts(r.Select(x => x.Tenant)), Texts(r.Select(x => x.Entry.EventId)), Texts(r.Select(x => x.CustomerId)),
                Texts(r.Select(x => x.Entry.Type)), Times(r.Select(x => (DateTimeOffset?)x.Entry.OccurredAt)), Texts(r.Select(x => x.Entry.Source)),
                Texts(r.Select(x => x.Entry.Dialect)), Texts(r.Select(x => x.Entry.Title)), Texts(r.Select(x => x.Entry.Description)),
                Texts(r.Select(x => x.Entry.Summary)),
                new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Numeric, Value = r.Select(x => x.Entry.Amount).ToArray() },
                Texts(r.Select(x => SafeJson(x.Entry.Data.GetRawText()))),
                Texts(r.Select(x => x.Searchable ? SearchWords(x.Entry.Title, x.Entry.Description) : null)),
            ]);
            r.Clear();
            return command;
        }
    }

    private static NpgsqlParameter Times(IEnumerable<DateTimeOffset?> values) => new()
    {
        NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz,
        Value = values.Select(v => v?.ToUniversalTime()).ToArray(),
    };
}
