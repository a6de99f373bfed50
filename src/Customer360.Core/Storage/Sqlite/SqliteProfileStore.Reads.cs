using System.Globalization;
using System.Text.Json;
using Customer360.Core.Profiles;
using Microsoft.Data.Sqlite;
using static Customer360.Core.Storage.Sqlite.SqliteValues;

namespace Customer360.Core.Storage.Sqlite;

/// <summary>Profile reads: every query is scoped by tenant and answers a merged-away id with its golden record.</summary>
public sealed partial class SqliteProfileStore
{
    public Task<CustomerProfileView?> GetProfileAsync(string tenantId, string customerId, CancellationToken cancellationToken)
    {
        using var lease = _reads.Rent();
        var c = lease.Connection;
        var id = Canonical(c, tenantId, customerId);
        var profile = SqliteProfileReader.Load(c.Statement(SqliteProfileReader.Select), c.Statement(SqliteProfileReader.SelectConsent), tenantId, id);
        if (profile is null)
        {
            return Task.FromResult<CustomerProfileView?>(null);
        }

        // Provisional ids (profiles of email-only events, merged in when the customer claimed the email) route, but are no names.
        var aliases = List(c, "SELECT alias_id FROM aliases WHERE tenant_id = $t AND customer_id = $id ORDER BY alias_id", tenantId, id, r => r.GetString(0))
            .Where(a => !Dialects.EventIds.IsProvisional(a)).ToList();
        var alerts = List(c, "SELECT id, kind, attempted_amount, available, shortfall, at, event_id FROM credit_alerts WHERE tenant_id = $t AND customer_id = $id ORDER BY at",
            tenantId, id, r => new CreditAlert(r.GetString(0), r.GetString(1), ReadMoney(r, 2), ReadMoney(r, 3), ReadMoney(r, 4), ReadTime(r, 5), r.GetString(6)));
        var usages = List(c, "SELECT id, order_id, amount, available_after, due_date, used_at, event_id FROM credit_usages WHERE tenant_id = $t AND customer_id = $id ORDER BY used_at",
            tenantId, id, r => new CreditUsage(r.GetString(0), ReadText(r, 1), ReadMoney(r, 2), ReadMoney(r, 3), ReadText(r, 4), ReadTime(r, 5), r.GetString(6)));
        var entitlements = List(c, "SELECT id, product, status, activated_at, event_id, data FROM entitlements WHERE tenant_id = $t AND customer_id = $id ORDER BY activated_at",
            tenantId, id, r => new Entitlement(r.GetString(0), ReadText(r, 1), ReadText(r, 2), ReadTime(r, 3), r.GetString(4), ParseJson(r.GetString(5))));
        return Task.FromResult<CustomerProfileView?>(new CustomerProfileView(profile, aliases, alerts, usages, entitlements));
    }

    /// <summary>One indexed lookup: the alias resolved and the profile row's existence checked in the same statement.</summary>
    public Task<string?> ResolveCustomerAsync(string tenantId, string customerId, CancellationToken cancellationToken)
    {
        using var lease = _reads.Rent();
        var resolve = lease.Connection.Statement("""
            SELECT id FROM customers
            WHERE tenant_id = $t AND id = coalesce((SELECT customer_id FROM aliases WHERE tenant_id = $t AND alias_id = $id), $id)
            """);
        return Task.FromResult(resolve.Text(1, tenantId).Text(2, customerId).ScalarText());
    }

    public Task<TimelinePage> GetTimelineAsync(string tenantId, string customerId, TimelineQuery query, CancellationToken cancellationToken)
    {
        using var lease = _reads.Rent();
        var c = lease.Connection;
        var id = Canonical(c, tenantId, customerId);
        var limit = Math.Clamp(query.Limit, 1, 500);
        var args = new List<(string, object?)> { ("$t", tenantId), ("$id", id), ("$key", SqliteKeys.Of(tenantId, id)), ("$limit", limit + 1) };
        var where = "customer_key = $key AND tenant_id = $t AND customer_id = $id"; // the key finds, the ids decide
        if (query.Type is { Length: > 0 } type)
        {
            where += " AND type = $type";
            args.Add(("$type", type));
        }

        if (query.Before is { Length: > 0 } before)
        {
            var bar = before.LastIndexOf('|');
            if (bar > 0 && long.TryParse(before.AsSpan(bar + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var beforeRow)
                && Dialects.Timestamps.TryParse(before[..bar], out var cursorTime))
            {
                where += " AND (occurred_ticks < $bt OR (occurred_ticks = $bt AND seq < $br))";
                args.Add(("$bt", SqliteKeys.Ticks(cursorTime)));
                args.Add(("$br", beforeRow));
            }
            else if (Dialects.Timestamps.TryParse(before, out var beforeTime))
            {
                where += " AND occurred_ticks < $bt";
                args.Add(("$bt", SqliteKeys.Ticks(beforeTime)));
            }
        }

        // At most six distinct texts (type filter x cursor kind), each prepared once per connection. The log is the
        // timeline (schema v5): its customer index gives the page, the bodies give the entries.
        var cmd = c.Command($"""
            SELECT {SqliteTimelineEntries.Columns} FROM events
            WHERE {where} AND seq NOT IN (SELECT seq FROM timeline_hidden)
            ORDER BY occurred_ticks DESC, seq DESC LIMIT $limit
            """, [.. args]);
        var items = new List<TimelineEntry>(limit);
        string? next = null;
        long lastRow = 0;
        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            if (items.Count == limit)
            {
                var last = items[^1];
                next = $"{Time(last.OccurredAt)}|{lastRow}";
                break;
            }

            items.Add(_timeline.Entry(r));
            lastRow = r.GetInt64(9);
        }

        return Task.FromResult(new TimelinePage(items, next));
    }

    public Task<IReadOnlyList<Purchase>> GetPurchasesAsync(string tenantId, string customerId, CancellationToken cancellationToken)
    {
        using var lease = _reads.Rent();
        var c = lease.Connection;
        return Task.FromResult<IReadOnlyList<Purchase>>(List(c, """
            SELECT id, product_name, sku, quantity, price, total, currency, purchased_at, warranty_expires, event_id, data
            FROM purchases WHERE tenant_id = $t AND customer_id = $id ORDER BY purchased_at DESC
            """, tenantId, Canonical(c, tenantId, customerId),
            r => new Purchase(r.GetString(0), ReadText(r, 1), ReadText(r, 2), ReadMoney(r, 3), ReadMoney(r, 4), ReadMoney(r, 5), ReadText(r, 6),
                ReadTime(r, 7), ReadTimeOrNull(r, 8), r.GetString(9), ParseJson(r.GetString(10)))));
    }

    public Task<IReadOnlyList<WorkOrder>> GetWorkOrdersAsync(string tenantId, string customerId, CancellationToken cancellationToken)
    {
        using var lease = _reads.Rent();
        var c = lease.Connection;
        return Task.FromResult<IReadOnlyList<WorkOrder>>(List(c, """
            SELECT id, order_type, description, summary, status, priority, assigned_to, product_id, cost, created_at, event_id, data
            FROM work_orders WHERE tenant_id = $t AND customer_id = $id ORDER BY created_at DESC
            """, tenantId, Canonical(c, tenantId, customerId),
            r => new WorkOrder(r.GetString(0), ReadText(r, 1), ReadText(r, 2), ReadText(r, 3), ReadText(r, 4), ReadText(r, 5), ReadText(r, 6),
                ReadText(r, 7), ReadMoney(r, 8), ReadTime(r, 9), r.GetString(10), ParseJson(r.GetString(11)))));
    }

    public Task<IReadOnlyList<KnowledgeEntry>> GetKnowledgeAsync(string tenantId, string customerId, CancellationToken cancellationToken)
    {
        using var lease = _reads.Rent();
        var c = lease.Connection;
        return Task.FromResult<IReadOnlyList<KnowledgeEntry>>(List(c, """
            SELECT id, content, summary, category, importance, source, created_at, event_id
            FROM knowledge WHERE tenant_id = $t AND customer_id = $id ORDER BY created_at DESC
            """, tenantId, Canonical(c, tenantId, customerId),
            r => new KnowledgeEntry(r.GetString(0), r.GetString(1), ReadText(r, 2), ReadText(r, 3), ReadText(r, 4), ReadText(r, 5),
                ReadTime(r, 6), r.GetString(7))));
    }

    private static string Canonical(SqliteReadConnection c, string tenantId, string customerId) =>
        c.Statement("SELECT customer_id FROM aliases WHERE tenant_id = $t AND alias_id = $id").Text(1, tenantId).Text(2, customerId).ScalarText()
        ?? customerId;

    private static List<T> List<T>(SqliteReadConnection c, string sql, string tenantId, string id, Func<SqliteDataReader, T> map)
    {
        using var r = c.Command(sql, ("$t", tenantId), ("$id", id)).ExecuteReader();
        var list = new List<T>();
        while (r.Read())
        {
            list.Add(map(r));
        }

        return list;
    }

    private static JsonElement ParseJson(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.Clone();
    }
}
