using System.Text.Json;
using Customer360.Core.Events;
using Customer360.Core.Profiles;
using Microsoft.Data.Sqlite;
using static Customer360.Core.Storage.Sqlite.SqliteValues;

namespace Customer360.Core.Storage.Sqlite;

/// <summary>
/// IProjectionSession on the single SQLite write connection. Statements are prepared once and reused for
/// every batch (SQLite re-plans nothing); each batch binds them to its transaction.
/// </summary>
internal sealed class SqliteProjectionSession : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SqliteStatements _sql;

    public SqliteProjectionSession(SqliteConnection connection)
    {
        _connection = connection;
        _sql = new SqliteStatements(connection);
    }

    private readonly ProfileCache _cache = new(capacity: 20_000);
    private long _dataVersion = -1;

    public IProjectionSession Begin(SqliteTransaction transaction)
    {
        _sql.Bind(transaction);
        _sql.HasAliases = _sql.AnyAlias.ExecuteScalar() is long n && n != 0;

        // data_version changes only when another connection commits: then what we cached may be stale.
        var version = _sql.DataVersion.ExecuteScalar() is long v ? v : 0;
        if (version != _dataVersion)
        {
            _cache.Clear();
            _dataVersion = version;
        }

        return new Session(_connection, transaction, _sql, _cache);
    }

    /// <summary>A batch failed and rolled back: the cached objects may hold its half-applied changes.</summary>
    public void Discard() => _cache.Clear();

    public void Dispose() => _sql.Dispose();

    private sealed class Session(SqliteConnection connection, SqliteTransaction tx, SqliteStatements sql, ProfileCache cache) : IProjectionSession
    {
        private readonly DateTimeOffset _now = DateTimeOffset.UtcNow;

        public long AddDeadLetter(RawMessage raw, string reason) => (long)Exec(sql.AddDeadLetter,
            Time(raw.ReceivedAt), raw.Source, raw.Origin, Text(raw.Tenant), Text(raw.Dialect), Time(raw.BrokerTime), reason, raw.Body.ToArray())!;

        public void DeleteDeadLetter(long id) => Exec(sql.DeleteDeadLetter, id);

        public bool TryAppendEvent(CustomerEvent e, RawMessage raw, string customerId)
        {
            var cmd = sql.AppendEvent;
            Bind(cmd, e.TenantId, e.EventId, customerId, e.Type, Time(e.OccurredAt), e.Dialect, raw.Source, raw.Origin,
                Time(raw.ReceivedAt), Text(raw.Tenant), Time(raw.BrokerTime), raw.Body.ToArray());
            return cmd.ExecuteNonQuery() == 1;
        }

        // Most stores have no merges at all: skip the per-event lookup until one exists.
        public string? ResolveAlias(string tenantId, string customerId) =>
            sql.HasAliases ? Exec(sql.ResolveAlias, tenantId, customerId) as string : null;

        public string? FindByIdentifier(string tenantId, string kind, string value) => Exec(sql.FindIdentifier, tenantId, kind, value) as string;

        public bool ClaimIdentifier(string tenantId, string kind, string value, string customerId)
        {
            Bind(sql.ClaimIdentifier, tenantId, kind, value, customerId);
            return sql.ClaimIdentifier.ExecuteNonQuery() == 1;
        }

        public int CountIdentifiers(string tenantId, string customerId, string kind) =>
            Convert.ToInt32(Exec(sql.CountIdentifiers, tenantId, customerId, kind), System.Globalization.CultureInfo.InvariantCulture);

        public CustomerProfile? LoadProfile(string tenantId, string customerId) =>
            cache.TryGet(tenantId, customerId, out var cached) ? cached : SqliteProfileReader.Load(sql.LoadProfile, sql.LoadConsent, tenantId, customerId);

        public void SaveProfile(CustomerProfile p, Touched touched)
        {
            if (touched == Touched.None)
            {
                return;
            }

            Recount(p, touched);
            var rowid = (long)Exec(sql.UpsertCustomer,
                p.TenantId, p.Id,
                Text(p.Get(ProfileFields.Name)), Text(p.Get(ProfileFields.Email)), Text(p.Get(ProfileFields.Phone)),
                Text(p.Get(ProfileFields.Company)), Text(p.Get(ProfileFields.Status)), Text(p.Get(ProfileFields.Segment)),
                Text(p.Get(ProfileFields.CustomerType)), Text(p.Get(ProfileFields.PrimaryContactId)),
                Time(p.CustomerSince), Time(p.FirstSeenAt), Time(p.LastSeenAt), Money(p.LifetimeValue),
                JsonSerializer.Serialize(p.Tags), p.CustomFields.ToJsonString(), JsonSerializer.Serialize(p.FieldTimes),
                p.EventCount, p.PurchaseCount, p.WorkOrderCount, p.KnowledgeCount, Time(_now), Money(p.PurchasesTotal))!;

            if (!p.Loyalty.IsEmpty)
            {
                var l = p.Loyalty;
                Exec(sql.UpsertLoyalty, p.TenantId, p.Id, Int(l.PointsBalance), Text(l.Tier), Int(l.LifetimePoints), l.LifetimeEarned, l.LifetimeRedeemed);
            }

            if (!p.Credit.IsEmpty)
            {
                var c = p.Credit;
                Exec(sql.UpsertCredit, p.TenantId, p.Id, Money(c.Limit), Money(c.Available), Int(c.PaymentTermDays));
            }

            if (!p.Usage.IsEmpty)
            {
                var u = p.Usage;
                Exec(sql.UpsertUsage, p.TenantId, p.Id, Money(u.DataUsageMb), Money(u.CallMinutes), Money(u.RechargeTotal),
                    u.RechargeCount, Time(u.LastLoginAt), u.QoeIssues);
            }

            foreach (var (type, consent) in p.Consent)
            {
                Exec(sql.UpsertConsent, p.TenantId, p.Id, type, consent.Status, Time(consent.UpdatedAt));
            }

            // A profile with no name, email, phone or company (most telecom meters) has nothing to find.
            var text = p.SearchText;
            if ((p.IsNew && text != CustomerProfile.EmptySearchText) || (!p.IsNew && text != p.IndexedText))
            {
                Exec(sql.DeleteCustomerFts, rowid);
                Exec(sql.InsertCustomerFts, rowid, Text(p.Get(ProfileFields.Name)), Text(p.Get(ProfileFields.Email)),
                    Text(p.Get(ProfileFields.Phone)), Text(p.Get(ProfileFields.Company)));
                p.IndexedText = text;
            }

            p.IsNew = false;
            cache.Put(p);
        }

        private void Recount(CustomerProfile p, Touched touched)
        {
            if (touched.HasFlag(Touched.Purchases))
            {
                using var r = Reader(sql.PurchaseTotals, p.TenantId, p.Id);
                r.Read();
                p.PurchaseCount = r.GetInt64(0);
                p.PurchasesTotal = ToDecimal(r.GetDouble(1));
            }

            p.LifetimeValue = p.PurchasesTotal + p.Usage.RechargeTotal;

            if (touched.HasFlag(Touched.WorkOrders))
            {
                p.WorkOrderCount = (long)Exec(sql.CountWorkOrders, p.TenantId, p.Id)!;
            }

            if (touched.HasFlag(Touched.Knowledge))
            {
                p.KnowledgeCount = (long)Exec(sql.CountKnowledge, p.TenantId, p.Id)!;
            }
        }

        public void AddTimeline(string tenantId, string customerId, TimelineEntry t, bool searchable)
        {
            var rowid = (long)Exec(sql.InsertTimeline, tenantId, t.EventId, customerId, t.Type, Time(t.OccurredAt), t.Source, t.Dialect,
                Text(t.Title), Text(t.Description), Text(t.Summary), Money(t.Amount), t.Data.GetRawText())!;
            if (searchable)
            {
                Exec(sql.InsertNoteFts, rowid, $"{t.Title}\n{t.Description}", tenantId, customerId);
            }
        }

        public void WriteOutput(string tenantId, string customerId, ProjectionOutput o)
        {
            foreach (var x in o.Purchases)
            {
                Exec(sql.UpsertPurchase, tenantId, x.Id, customerId, Text(x.ProductName), Text(x.Sku), Money(x.Quantity), Money(x.Price),
                    Money(x.Total), Text(x.Currency), Time(x.PurchasedAt), Time(x.WarrantyExpires), x.EventId, x.Data.GetRawText());
            }

            foreach (var x in o.WorkOrders)
            {
                Exec(sql.UpsertWorkOrder, tenantId, x.Id, customerId, Text(x.OrderType), Text(x.Description), Text(x.Summary), Text(x.Status),
                    Text(x.Priority), Text(x.AssignedTo), Text(x.ProductId), Money(x.Cost), Time(x.CreatedAt), x.EventId, x.Data.GetRawText());
            }

            foreach (var x in o.Knowledge)
            {
                Exec(sql.InsertKnowledge, tenantId, x.Id, customerId, x.Content, Text(x.Summary), Text(x.Category), Text(x.Importance),
                    Text(x.Source), Time(x.CreatedAt), x.EventId);
            }

            foreach (var x in o.CreditUsages)
            {
                Exec(sql.UpsertCreditUsage, tenantId, x.Id, customerId, Text(x.OrderId), Money(x.Amount), Money(x.AvailableAfter),
                    Text(x.DueDate), Time(x.UsedAt), x.EventId);
            }

            foreach (var x in o.CreditAlerts)
            {
                Exec(sql.InsertCreditAlert, tenantId, x.Id, customerId, x.Kind, Money(x.AttemptedAmount), Money(x.Available),
                    Money(x.Shortfall), Time(x.At), x.EventId);
            }

            foreach (var x in o.Entitlements)
            {
                Exec(sql.UpsertEntitlement, tenantId, x.Id, customerId, Text(x.Product), Text(x.Status), Time(x.ActivatedAt), x.EventId, x.Data.GetRawText());
            }
        }

        public IReadOnlyList<string> MergeEventIds(string tenantId, string customerId, string sourceId)
        {
            var ids = new List<string>();
            using var r = Reader(sql.MergeEventIds, tenantId, customerId, sourceId);
            while (r.Read())
            {
                ids.Add(r.GetString(0));
            }

            return ids;
        }

        public void CancelMerge(string tenantId, string mergeEventId) => Exec(sql.CancelMerge, tenantId, mergeEventId, Time(_now));

        public bool IsMergeCancelled(string tenantId, string mergeEventId) => Exec(sql.IsMergeCancelled, tenantId, mergeEventId) is not null;

        public void AddAlias(string tenantId, string aliasId, string customerId, string? reason, string eventId, DateTimeOffset at)
        {
            Exec(sql.UpsertAlias, tenantId, aliasId, customerId, Text(reason), eventId, Time(at));
            sql.HasAliases = true;
        }

        public void MergeRows(string tenantId, string fromId, string toId)
        {
            cache.Remove(tenantId, fromId);
            using var cmd = connection.CreateCommand();
            cmd.Transaction = tx;
            cmd.CommandText = SqliteStatements.MergeRows;
            cmd.Parameters.AddWithValue("$tenant", tenantId);
            cmd.Parameters.AddWithValue("$from", fromId);
            cmd.Parameters.AddWithValue("$to", toId);
            cmd.ExecuteNonQuery();
        }

        private static void Bind(SqliteCommand cmd, params object[] values)
        {
            for (var i = 0; i < values.Length; i++)
            {
                cmd.Parameters[i].Value = values[i];
            }
        }

        private static object? Exec(SqliteCommand cmd, params object[] values)
        {
            Bind(cmd, values);
            return cmd.ExecuteScalar();
        }

        private static SqliteDataReader Reader(SqliteCommand cmd, params object[] values)
        {
            Bind(cmd, values);
            return cmd.ExecuteReader();
        }
    }
}
