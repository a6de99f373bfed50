using System.Globalization;
using System.Text.Json;
using Customer360.Core.Profiles;
using Npgsql;
using static Customer360.Core.Storage.Postgres.PostgresProfileReader;
using static Customer360.Core.Storage.Postgres.PostgresValues;

namespace Customer360.Core.Storage.Postgres;

/// <summary>Profile reads: every query is scoped by tenant and answers a merged-away id with its golden record.</summary>
public sealed partial class PostgresProfileStore
{
    public async Task<CustomerProfileView?> GetProfileAsync(string tenantId, string customerId, CancellationToken cancellationToken)
    {
        await using var c = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var snapshot = await ReadSnapshotAsync(c, cancellationToken);
        var id = await CanonicalAsync(c, tenantId, customerId, cancellationToken);
        CustomerProfile? profile = null;
        await using (var cmd = Command(c, SelectMany, PostgresProfileReader.Parameters([(tenantId, id)])))
        await using (var r = await cmd.ExecuteReaderAsync(cancellationToken))
        {
            if (await r.ReadAsync(cancellationToken))
            {
                profile = Read(r, tenantId, id);
            }
        }

        if (profile is null)
        {
            return null;
        }

        // Provisional ids (profiles of email-only events, merged in when the customer claimed the email) route, but are no names.
        var aliases = (await ListAsync(c, "SELECT alias_id FROM aliases WHERE tenant_id = $1 AND customer_id = $2 ORDER BY alias_id COLLATE \"C\"",
            tenantId, id, r => r.GetString(0), cancellationToken)).Where(a => !Dialects.EventIds.IsProvisional(a)).ToList();
        var alerts = await ListAsync(c, "SELECT id, kind, attempted_amount, available, shortfall, at, event_id FROM credit_alerts WHERE tenant_id = $1 AND customer_id = $2 ORDER BY at",
            tenantId, id, r => new CreditAlert(r.GetString(0), r.GetString(1), MoneyOrNull(r, 2), MoneyOrNull(r, 3), MoneyOrNull(r, 4), Time(r, 5), r.GetString(6)), cancellationToken);
        var usages = await ListAsync(c, "SELECT id, order_id, amount, available_after, due_date, used_at, event_id FROM credit_usages WHERE tenant_id = $1 AND customer_id = $2 ORDER BY used_at",
            tenantId, id, r => new CreditUsage(r.GetString(0), TextOrNull(r, 1), MoneyOrNull(r, 2), MoneyOrNull(r, 3), TextOrNull(r, 4), Time(r, 5), r.GetString(6)), cancellationToken);
        var entitlements = await ListAsync(c, "SELECT id, product, status, activated_at, event_id, data::text FROM entitlements WHERE tenant_id = $1 AND customer_id = $2 ORDER BY activated_at",
            tenantId, id, r => new Entitlement(r.GetString(0), TextOrNull(r, 1), TextOrNull(r, 2), Time(r, 3), r.GetString(4), ParseJson(r.GetString(5))), cancellationToken);
        return new CustomerProfileView(profile, aliases, alerts, usages, entitlements);
    }

    /// <summary>
    /// One round trip, the alias resolved and the row's existence checked in one statement: the timeline, purchases,
    /// work orders and knowledge routes ask this before their own query, and the default (a whole profile read with
    /// its four child lists) cost five.
    /// </summary>
    public async Task<string?> ResolveCustomerAsync(string tenantId, string customerId, CancellationToken cancellationToken)
    {
        await using var c = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var cmd = Command(c, """
            SELECT id FROM customers
            WHERE tenant_id = $1 AND id = coalesce((SELECT customer_id FROM aliases WHERE tenant_id = $1 AND alias_id = $2), $2)
            """, [Text(tenantId), Text(customerId)]);
        return await cmd.ExecuteScalarAsync(cancellationToken) as string;
    }

    public async Task<TimelinePage> GetTimelineAsync(string tenantId, string customerId, TimelineQuery query, CancellationToken cancellationToken)
    {
        await using var c = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var snapshot = await ReadSnapshotAsync(c, cancellationToken);
        var id = await CanonicalAsync(c, tenantId, customerId, cancellationToken);
        var limit = Math.Clamp(query.Limit, 1, 500);
        var parameters = new List<NpgsqlParameter> { Text(tenantId), Text(id), Int(limit + 1) };
        var where = "tenant_id = $1 AND customer_id = $2";
        if (query.Type is { Length: > 0 } type)
        {
            parameters.Add(Text(type));
            where += $" AND type = ${parameters.Count}";
        }

        if (query.Before is { Length: > 0 } before)
        {
            var bar = before.LastIndexOf('|');
            if (bar > 0 && long.TryParse(before.AsSpan(bar + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var beforeRow)
                && Dialects.Timestamps.TryParse(before[..bar], out var cursorTime))
            {
                parameters.Add(Time(cursorTime));
                parameters.Add(Int(beforeRow));
                where += $" AND (occurred_at, row_id) < (${parameters.Count - 1}, ${parameters.Count})";
            }
            else if (Dialects.Timestamps.TryParse(before, out var beforeTime))
            {
                parameters.Add(Time(beforeTime));
                where += $" AND occurred_at < ${parameters.Count}";
            }
        }

        await using var cmd = Command(c, $"""
            SELECT event_id, type, occurred_at, source, dialect, title, description, summary, amount, data::text, row_id
            FROM timeline WHERE {where} ORDER BY occurred_at DESC, row_id DESC LIMIT $3
            """, [.. parameters]);
        var items = new List<TimelineEntry>(limit);
        string? next = null;
        long lastRow = 0;
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await r.ReadAsync(cancellationToken))
        {
            if (items.Count == limit)
            {
                next = $"{FormatTime(items[^1].OccurredAt)}|{lastRow}";
                break;
            }

            items.Add(new TimelineEntry(r.GetString(0), r.GetString(1), Time(r, 2), r.GetString(3), r.GetString(4), TextOrNull(r, 5),
                TextOrNull(r, 6), TextOrNull(r, 7), MoneyOrNull(r, 8), ParseJson(r.GetString(9))));
            lastRow = r.GetInt64(10);
        }

        return new TimelinePage(items, next);
    }

    public async Task<IReadOnlyList<Purchase>> GetPurchasesAsync(string tenantId, string customerId, CancellationToken cancellationToken)
    {
        await using var c = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var snapshot = await ReadSnapshotAsync(c, cancellationToken);
        return await ListAsync(c, """
            SELECT id, product_name, sku, quantity, price, total, currency, purchased_at, warranty_expires, event_id, data::text
            FROM purchases WHERE tenant_id = $1 AND customer_id = $2 ORDER BY purchased_at DESC, id COLLATE "C"
            """, tenantId, await CanonicalAsync(c, tenantId, customerId, cancellationToken),
            r => new Purchase(r.GetString(0), TextOrNull(r, 1), TextOrNull(r, 2), MoneyOrNull(r, 3), MoneyOrNull(r, 4), MoneyOrNull(r, 5), TextOrNull(r, 6),
                Time(r, 7), TimeOrNull(r, 8), r.GetString(9), ParseJson(r.GetString(10))), cancellationToken);
    }

    public async Task<IReadOnlyList<WorkOrder>> GetWorkOrdersAsync(string tenantId, string customerId, CancellationToken cancellationToken)
    {
        await using var c = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var snapshot = await ReadSnapshotAsync(c, cancellationToken);
        return await ListAsync(c, """
            SELECT id, order_type, description, summary, status, priority, assigned_to, product_id, cost, created_at, event_id, data::text
            FROM work_orders WHERE tenant_id = $1 AND customer_id = $2 ORDER BY created_at DESC, id COLLATE "C"
            """, tenantId, await CanonicalAsync(c, tenantId, customerId, cancellationToken),
            r => new WorkOrder(r.GetString(0), TextOrNull(r, 1), TextOrNull(r, 2), TextOrNull(r, 3), TextOrNull(r, 4), TextOrNull(r, 5), TextOrNull(r, 6),
                TextOrNull(r, 7), MoneyOrNull(r, 8), Time(r, 9), r.GetString(10), ParseJson(r.GetString(11))), cancellationToken);
    }

    public async Task<IReadOnlyList<KnowledgeEntry>> GetKnowledgeAsync(string tenantId, string customerId, CancellationToken cancellationToken)
    {
        await using var c = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var snapshot = await ReadSnapshotAsync(c, cancellationToken);
        return await ListAsync(c, """
            SELECT id, content, summary, category, importance, source, created_at, event_id
            FROM knowledge WHERE tenant_id = $1 AND customer_id = $2 ORDER BY created_at DESC, id COLLATE "C"
            """, tenantId, await CanonicalAsync(c, tenantId, customerId, cancellationToken),
            r => new KnowledgeEntry(r.GetString(0), r.GetString(1), TextOrNull(r, 2), TextOrNull(r, 3), TextOrNull(r, 4), TextOrNull(r, 5),
                Time(r, 6), r.GetString(7)), cancellationToken);
    }

    /// <summary>
    /// One snapshot for a request's several statements: under autocommit, a merge committing between the alias lookup
    /// and the profile read left a merged id pointing at a row already gone (404). Ended by disposal (a rollback).
    /// </summary>
    private static async Task<NpgsqlTransaction> ReadSnapshotAsync(NpgsqlConnection c, CancellationToken cancellationToken) =>
        await c.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);

    private static async Task<string> CanonicalAsync(NpgsqlConnection c, string tenantId, string customerId, CancellationToken cancellationToken)
    {
        await using var cmd = Command(c, PostgresStatements.ResolveAlias, [Text(tenantId), Text(customerId)]);
        return await cmd.ExecuteScalarAsync(cancellationToken) as string ?? customerId;
    }

    private static async Task<List<T>> ListAsync<T>(NpgsqlConnection c, string sql, string tenantId, string id, Func<NpgsqlDataReader, T> map, CancellationToken cancellationToken)
    {
        await using var cmd = Command(c, sql, [Text(tenantId), Text(id)]);
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        var list = new List<T>();
        while (await r.ReadAsync(cancellationToken))
        {
            list.Add(map(r));
        }

        return list;
    }

    private static NpgsqlCommand Command(NpgsqlConnection c, string sql, NpgsqlParameter[] parameters)
    {
        var cmd = new NpgsqlCommand(sql, c);
        cmd.Parameters.AddRange(parameters);
        return cmd;
    }

    private static JsonElement ParseJson(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.Clone();
    }
}
