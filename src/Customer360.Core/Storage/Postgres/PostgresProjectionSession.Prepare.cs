using Customer360.Core.Dialects;
using Npgsql;
using static Customer360.Core.Storage.Postgres.PostgresValues;

namespace Customer360.Core.Storage.Postgres;

/// <summary>
/// Before BatchApplier runs: lock every customer and identifier the batch names (sorted, in one call, so batches
/// of different instances queue up instead of deadlocking), then read in one round trip what the applier will ask
/// for: aliases, identifiers, which events are already logged; then lock the alias/identifier targets and load
/// every profile. Reads happen after the locks, so they see the last committed state of those customers.
/// </summary>
internal sealed partial class PostgresProjectionSession
{
    public async Task PrepareAsync(IReadOnlyList<IngestItem> batch, bool appendToLog, CancellationToken cancellationToken)
    {
        var customers = new List<(string Tenant, string Id)>();
        var identifiers = new List<(string Tenant, string Kind, string Value)>();
        var events = new List<(string Tenant, string EventId)>();
        var rejected = 0;
        foreach (var item in batch)
        {
            if (item.Event is not { } e)
            {
                rejected++;
                continue;
            }

            if (appendToLog)
            {
                events.Add((e.TenantId, e.EventId));
            }

            // Every email/phone an event names is looked up (to resolve it, or to claim it); ids as BatchApplier.Resolve derives them.
            string? provisional = null;
            foreach (var (kind, raw) in new[] { (Identifiers.Email, e.Email), (Identifiers.Phone, e.Phone) })
            {
                if (Identifiers.Normalize(kind, raw) is { } value && !identity.IsBlocked(kind, value))
                {
                    identifiers.Add((e.TenantId, kind, value));
                    provisional ??= EventIds.ForIdentifier(e.TenantId, kind, value);
                }
            }

            if ((e.CustomerId ?? provisional) is { } id)
            {
                customers.Add((e.TenantId, id));
            }
        }

        customers = customers.Distinct().ToList();
        identifiers = identifiers.Distinct().ToList();
        events = events.Distinct().ToList();

        Lock(customers.Select(c => CustomerKey(c.Tenant, c.Id)).Concat(identifiers.Select(i => IdentifierKey(i.Tenant, i.Kind, i.Value))));
        foreach (var c in customers)
        {
            _aliases[c] = null;
        }

        foreach (var i in identifiers)
        {
            _identifiers[i] = null;
        }

        var queries = new List<(string, NpgsqlParameter[], Action<NpgsqlDataReader>)>();
        if (customers.Count > 0)
        {
            queries.Add(("""
                SELECT u.n, a.customer_id FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS u(t, i, n)
                JOIN aliases a ON a.tenant_id = u.t AND a.alias_id = u.i
                """, [Texts(customers.Select(c => c.Tenant)), Texts(customers.Select(c => c.Id))],
                r => _aliases[customers[(int)r.GetInt64(0) - 1]] = r.GetString(1)));
        }

        if (identifiers.Count > 0)
        {
            queries.Add(("""
                SELECT u.n, x.customer_id FROM unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY AS u(t, k, v, n)
                JOIN identifiers x ON x.tenant_id = u.t AND x.kind = u.k AND x.value = u.v
                """, [Texts(identifiers.Select(i => i.Tenant)), Texts(identifiers.Select(i => i.Kind)), Texts(identifiers.Select(i => i.Value))],
                r => _identifiers[identifiers[(int)r.GetInt64(0) - 1]] = r.GetString(1)));
        }

        if (events.Count > 0)
        {
            queries.Add(("""
                SELECT u.n FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS u(t, e, n)
                JOIN events x ON x.tenant_id = u.t AND x.event_id = u.e
                """, [Texts(events.Select(e => e.Tenant)), Texts(events.Select(e => e.EventId))],
                r => _logged.Add(events[(int)r.GetInt64(0) - 1])));
        }

        if (rejected > 0)
        {
            queries.Add((PostgresStatements.NextDeadLetterIds, [Int(rejected)], r => _deadLetterIds.Enqueue(r.GetInt64(0))));
        }

        await queue.ReadAsync(queries, cancellationToken);
        await LoadProfilesAsync(customers, cancellationToken);
    }

    /// <summary>Locks the customers the names resolved to (alias targets, identifier owners), then loads every profile in one query.</summary>
    private async Task LoadProfilesAsync(List<(string Tenant, string Id)> customers, CancellationToken cancellationToken)
    {
        var targets = customers.Select(c => (c.Tenant, Id: _aliases[c] ?? c.Id))
            .Concat(_identifiers.Where(i => i.Value is not null).Select(i => (i.Key.Tenant, Id: i.Value!)))
            .Distinct()
            .ToList();
        if (targets.Count == 0)
        {
            return;
        }

        Lock(targets.Select(t => CustomerKey(t.Tenant, t.Id)));
        foreach (var t in targets)
        {
            _profiles[t] = null;
        }

        await queue.ReadAsync(
            [(PostgresProfileReader.SelectMany, PostgresProfileReader.Parameters(targets), r =>
            {
                var (tenant, id) = targets[(int)r.GetInt64(0) - 1];
                _profiles[(tenant, id)] = PostgresProfileReader.Read(r, tenant, id);
            })],
            cancellationToken);
    }

    /// <summary>Queues a lock on the keys this transaction does not hold yet; the next round trip takes them in hash order.</summary>
    private void Lock(IEnumerable<string> keys)
    {
        var missing = keys.Where(_locked.Add).ToList();
        if (missing.Count > 0)
        {
            queue.Add(PostgresStatements.Lock, Texts(missing));
        }
    }

    private void LockLazily(string key) => Lock([key]);

    private static string CustomerKey(string tenant, string id) => $"c\u001f{tenant}\u001f{id}";

    private static string IdentifierKey(string tenant, string kind, string value) => $"i\u001f{tenant}\u001f{kind}\u001f{value}";
}
