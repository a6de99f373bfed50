using System.Buffers;
using System.Text.Json;
using Customer360.Core.Events;
using Customer360.Core.Profiles;
using Microsoft.Data.Sqlite;
using static Customer360.Core.Storage.Sqlite.SqliteValues;

namespace Customer360.Core.Storage.Sqlite;

/// <summary>
/// IProjectionSession on the single SQLite write connection. Statements are prepared once and reused for
/// every batch (SQLite re-plans nothing); they run inside the connection's open transaction.
/// </summary>
internal sealed class SqliteProjectionSession : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SqliteStatements _sql;

    public SqliteProjectionSession(SqliteConnection connection, int profileCacheSize)
    {
        _connection = connection;
        _sql = new SqliteStatements(connection);
        _cache = new ProfileCache(profileCacheSize);
    }

    private readonly ProfileCache _cache;
    private long _dataVersion = -1;

    public IProjectionSession Begin(SqliteTransaction transaction)
    {
        _sql.HasAliases = _sql.AnyAlias.ScalarInt64() is { } n && n != 0;

        // data_version changes only when another connection commits: then what we cached may be stale.
        var version = _sql.DataVersion.ScalarInt64() ?? 0;
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
        private readonly ArrayBufferWriter<byte> _json = new(1024);
        private readonly Utf8JsonWriter _writer = new(Stream.Null);
        private (string Tenant, string EventId, long Seq) _appended;

        public long AddDeadLetter(RawMessage raw, string reason) => sql.AddDeadLetter
            .Time(1, raw.ReceivedAt).Text(2, raw.Source).Text(3, raw.Origin).Text(4, raw.Tenant).Text(5, raw.Dialect)
            .Time(6, raw.BrokerTime).Text(7, reason).Blob(8, raw.Body.Span).ScalarInt64()!.Value;

        public void DeleteDeadLetter(long id) => sql.DeleteDeadLetter.Int(1, id).Execute();

        public bool IsLogged(string tenantId, string eventId) => LoggedSeq(tenantId, eventId) is not null;

        private long? LoggedSeq(string tenantId, string eventId) => LoggedSeq(tenantId, eventId, SqliteKeys.Of(tenantId, eventId));

        private long? LoggedSeq(string tenantId, string eventId, long eventKey) =>
            sql.EventSeq.Text(1, tenantId).Text(2, eventId).Int(3, eventKey).ScalarInt64();

        public bool TryAppendEvent(CustomerEvent e, RawMessage raw, string customerId)
        {
            // Looked up, then appended: this connection is the file's only writer while its transaction (BEGIN
            // IMMEDIATE) is open, and the lookup sees every earlier append of it (an id twice in one batch included).
            var eventKey = SqliteKeys.Of(e.TenantId, e.EventId);
            if (LoggedSeq(e.TenantId, e.EventId, eventKey) is not null)
            {
                _appended = default;
                return false;
            }

            var append = sql.AppendEvent
                .Text(1, e.TenantId).Text(2, e.EventId).Text(3, customerId).Text(4, e.Type).Time(5, e.OccurredAt).Text(6, e.Dialect)
                .Text(7, raw.Source).Text(8, raw.Origin).Time(9, raw.ReceivedAt).Text(10, raw.Tenant).Time(11, raw.BrokerTime)
                .Blob(12, raw.Body.Span).Int(13, eventKey).Int(14, SqliteKeys.Of(e.TenantId, customerId)).Int(15, SqliteKeys.Ticks(e.OccurredAt));
            append.Execute();
            _appended = (e.TenantId, e.EventId, append.LastInsertRowId);
            return true;
        }

        /// <summary>
        /// The raw log's seq of an event, which keys its timeline row: known from the append just done, or (in a
        /// replay, which appends nothing) read from the log.
        /// </summary>
        private long SeqOf(string tenantId, string eventId) =>
            _appended.EventId == eventId && _appended.Tenant == tenantId
                ? _appended.Seq
                : LoggedSeq(tenantId, eventId) ?? throw new InvalidOperationException($"event {eventId} is not in the raw log");

        // Most stores have no merges at all: skip the per-event lookup until one exists.
        public string? ResolveAlias(string tenantId, string customerId) =>
            sql.HasAliases ? sql.ResolveAlias.Text(1, tenantId).Text(2, customerId).ScalarText() : null;

        public string? FindByIdentifier(string tenantId, string kind, string value) =>
            sql.FindIdentifier.Text(1, tenantId).Text(2, kind).Text(3, value).ScalarText();

        public bool ClaimIdentifier(string tenantId, string kind, string value, string customerId) =>
            sql.ClaimIdentifier.Text(1, tenantId).Text(2, kind).Text(3, value).Text(4, customerId).Execute() == 1;

        public int CountIdentifiers(string tenantId, string customerId, string kind) =>
            (int)sql.CountIdentifiers.Text(1, tenantId).Text(2, customerId).Text(3, kind).ScalarInt64()!.Value;

        public CustomerProfile? LoadProfile(string tenantId, string customerId) =>
            cache.TryGet(tenantId, customerId, out var cached) ? cached : SqliteProfileReader.Load(sql.LoadProfile, sql.LoadConsent, tenantId, customerId);

        public void SaveProfile(CustomerProfile p, Touched touched)
        {
            if (touched == Touched.None)
            {
                return;
            }

            Recount(p, touched);

            // A profile read from (or written to) its row is updated there; a new one, or one whose row is gone or
            // unknown, goes through the upsert, which finds or makes the row by (tenant_id, id).
            if (p.IsNew || p.StoreRowId == 0 || BindCustomer(sql.UpdateCustomer.Int(SqliteStatements.CustomerRowIdParameter, p.StoreRowId), p).Execute() == 0)
            {
                var upsert = BindCustomer(sql.UpsertCustomer, p);
                upsert.Execute();
                p.StoreRowId = p.IsNew ? upsert.LastInsertRowId : sql.CustomerRowId.Text(1, p.TenantId).Text(2, p.Id).ScalarInt64()!.Value;
            }

            foreach (var (type, consent) in p.Consent)
            {
                sql.UpsertConsent.Text(1, p.TenantId).Text(2, p.Id).Text(3, type).Text(4, consent.Status).Time(5, consent.UpdatedAt).Execute();
            }

            // A profile with no name, email, phone or company (most telecom meters) has nothing to find.
            var text = p.Searchable;
            if ((p.IsNew && !text.IsEmpty) || (!p.IsNew && text != p.Indexed))
            {
                sql.DeleteCustomerFts.Int(1, p.StoreRowId).Execute();
                sql.InsertCustomerFts.Int(1, p.StoreRowId).Text(2, text.Name).Text(3, text.Email).Text(4, text.Phone).Text(5, text.Company).Execute();
            }

            // Also when nothing was indexed: a new profile with no text kept in memory must not look changed next batch.
            p.Indexed = text;

            p.IsNew = false;
            cache.Put(p);
        }

        /// <summary>Every column of the customer row, as parameters 1-37 of the upsert and the update alike.</summary>
        private SqliteStatement BindCustomer(SqliteStatement statement, CustomerProfile p)
        {
            statement
                .Text(1, p.TenantId).Text(2, p.Id)
                .Text(3, p.Get(ProfileFields.Name)).Text(4, p.Get(ProfileFields.Email)).Text(5, p.Get(ProfileFields.Phone))
                .Text(6, p.Get(ProfileFields.Company)).Text(7, p.Get(ProfileFields.Status)).Text(8, p.Get(ProfileFields.Segment))
                .Text(9, p.Get(ProfileFields.CustomerType)).Text(10, p.Get(ProfileFields.PrimaryContactId))
                .Time(11, p.CustomerSince).Time(12, p.FirstSeenAt).Time(13, p.LastSeenAt).Money(14, p.LifetimeValue)
                .Int(18, p.EventCount).Int(19, p.PurchaseCount).Int(20, p.WorkOrderCount).Int(21, p.KnowledgeCount)
                .Time(22, _now).Money(23, p.PurchasesTotal);
            BindFacts(statement, p);
            ProfileJson.WriteTags(StartJson(), p.Tags);
            statement.Utf8(15, EndJson());
            p.CustomFields.WriteTo(StartJson());
            statement.Utf8(16, EndJson());
            ProfileJson.WriteFieldTimes(StartJson(), p.FieldTimes);
            statement.Utf8(17, EndJson());
            return statement;
        }

        /// <summary>Loyalty, credit and usage columns of the customer row: all NULL while the profile has none of the fact.</summary>
        private static void BindFacts(SqliteStatement upsert, CustomerProfile p)
        {
            var l = p.Loyalty;
            if (l.IsEmpty)
            {
                upsert.Null(24).Null(25).Null(26).Null(27).Null(28);
            }
            else
            {
                upsert.Int(24, l.PointsBalance).Text(25, l.Tier).Int(26, l.LifetimePoints).Int(27, l.LifetimeEarned).Int(28, l.LifetimeRedeemed);
            }

            var c = p.Credit;
            upsert.Money(29, c.Limit).Money(30, c.Available).Int(31, c.PaymentTermDays);

            var u = p.Usage;
            if (u.IsEmpty)
            {
                upsert.Null(32).Null(33).Null(34).Null(35).Null(36).Null(37);
            }
            else
            {
                upsert.Money(32, u.DataUsageMb).Money(33, u.CallMinutes).Money(34, u.RechargeTotal).Int(35, u.RechargeCount)
                    .Time(36, u.LastLoginAt).Int(37, u.QoeIssues);
            }
        }

        /// <summary>A writer into the session's one JSON buffer; EndJson gives the bytes, valid until the next StartJson.</summary>
        private Utf8JsonWriter StartJson()
        {
            _json.ResetWrittenCount();
            _writer.Reset(_json);
            return _writer;
        }

        private ReadOnlySpan<byte> EndJson()
        {
            _writer.Flush();
            return _json.WrittenSpan;
        }

        private ReadOnlySpan<byte> Json(JsonElement value)
        {
            value.WriteTo(StartJson());
            return EndJson();
        }

        private void Recount(CustomerProfile p, Touched touched)
        {
            if ((touched & Touched.Purchases) != 0)
            {
                var totals = sql.PurchaseTotals.Text(1, p.TenantId).Text(2, p.Id);
                try
                {
                    totals.Step();
                    p.PurchaseCount = totals.ColumnInt64(0);
                    p.PurchasesTotal = ToDecimal(totals.ColumnDouble(1));
                }
                finally
                {
                    totals.Reset();
                }
            }

            p.LifetimeValue = p.PurchasesTotal + p.Usage.RechargeTotal;

            if ((touched & Touched.WorkOrders) != 0)
            {
                p.WorkOrderCount = sql.CountWorkOrders.Text(1, p.TenantId).Text(2, p.Id).ScalarInt64()!.Value;
            }

            if ((touched & Touched.Knowledge) != 0)
            {
                p.KnowledgeCount = sql.CountKnowledge.Text(1, p.TenantId).Text(2, p.Id).ScalarInt64()!.Value;
            }
        }

        /// <summary>
        /// The timeline is the raw log itself (schema v5): a live event was logged under this customer a moment ago;
        /// a replay, which appends nothing, re-owns the logged event (an unmerge moves events back). Only the
        /// note search index gets a row of its own.
        /// </summary>
        public void AddTimeline(string tenantId, string customerId, TimelineEntry t, bool searchable)
        {
            var appended = _appended.EventId == t.EventId && _appended.Tenant == tenantId;
            var seq = SeqOf(tenantId, t.EventId);
            if (!appended)
            {
                sql.OwnEvent.Text(1, customerId).Int(2, seq).Int(3, SqliteKeys.Of(tenantId, customerId)).Execute();
            }

            if (searchable)
            {
                sql.InsertNoteFts.Int(1, seq).Text(2, $"{t.Title}\n{t.Description}").Text(3, tenantId).Text(4, customerId).Execute();
            }
        }

        public void OmitFromTimeline(string tenantId, string eventId) => sql.HideEvent.Int(1, SeqOf(tenantId, eventId)).Execute();

        public void WriteOutput(string tenantId, string customerId, ProjectionOutput o)
        {
            foreach (var x in o.Purchases)
            {
                sql.UpsertPurchase.Text(1, tenantId).Text(2, x.Id).Text(3, customerId).Text(4, x.ProductName).Text(5, x.Sku).Money(6, x.Quantity)
                    .Money(7, x.Price).Money(8, x.Total).Text(9, x.Currency).Time(10, x.PurchasedAt).Time(11, x.WarrantyExpires).Text(12, x.EventId)
                    .Utf8(13, Json(x.Data)).Execute();
            }

            foreach (var x in o.WorkOrders)
            {
                sql.UpsertWorkOrder.Text(1, tenantId).Text(2, x.Id).Text(3, customerId).Text(4, x.OrderType).Text(5, x.Description).Text(6, x.Summary)
                    .Text(7, x.Status).Text(8, x.Priority).Text(9, x.AssignedTo).Text(10, x.ProductId).Money(11, x.Cost).Time(12, x.CreatedAt)
                    .Text(13, x.EventId).Utf8(14, Json(x.Data)).Execute();
            }

            foreach (var x in o.Knowledge)
            {
                sql.InsertKnowledge.Text(1, tenantId).Text(2, x.Id).Text(3, customerId).Text(4, x.Content).Text(5, x.Summary).Text(6, x.Category)
                    .Text(7, x.Importance).Text(8, x.Source).Time(9, x.CreatedAt).Text(10, x.EventId).Execute();
            }

            foreach (var x in o.CreditUsages)
            {
                sql.UpsertCreditUsage.Text(1, tenantId).Text(2, x.Id).Text(3, customerId).Text(4, x.OrderId).Money(5, x.Amount).Money(6, x.AvailableAfter)
                    .Text(7, x.DueDate).Time(8, x.UsedAt).Text(9, x.EventId).Execute();
            }

            foreach (var x in o.CreditAlerts)
            {
                sql.InsertCreditAlert.Text(1, tenantId).Text(2, x.Id).Text(3, customerId).Text(4, x.Kind).Money(5, x.AttemptedAmount).Money(6, x.Available)
                    .Money(7, x.Shortfall).Time(8, x.At).Text(9, x.EventId).Execute();
            }

            foreach (var x in o.Entitlements)
            {
                sql.UpsertEntitlement.Text(1, tenantId).Text(2, x.Id).Text(3, customerId).Text(4, x.Product).Text(5, x.Status).Time(6, x.ActivatedAt)
                    .Text(7, x.EventId).Utf8(8, Json(x.Data)).Execute();
            }
        }

        public IReadOnlyList<string> MergeEventIds(string tenantId, string customerId, string sourceId)
        {
            var ids = new List<string>();
            var select = sql.MergeEventIds.Text(1, tenantId).Text(2, customerId).Text(3, sourceId);
            try
            {
                while (select.Step())
                {
                    ids.Add(select.ColumnText(0));
                }
            }
            finally
            {
                select.Reset();
            }

            return ids;
        }

        public void CancelMerge(string tenantId, string mergeEventId) => sql.CancelMerge.Text(1, tenantId).Text(2, mergeEventId).Time(3, _now).Execute();

        public bool IsMergeCancelled(string tenantId, string mergeEventId) =>
            sql.IsMergeCancelled.Text(1, tenantId).Text(2, mergeEventId).ScalarInt64() is not null;

        public void AddAlias(string tenantId, string aliasId, string customerId, string? reason, string eventId, DateTimeOffset at)
        {
            sql.UpsertAlias.Text(1, tenantId).Text(2, aliasId).Text(3, customerId).Text(4, reason).Text(5, eventId).Time(6, at).Execute();
            sql.HasAliases = true;
        }

        public void AddAudit(Audit.AuditEntry e) =>
            sql.InsertAudit.Time(1, e.At).Text(2, e.Actor).Text(3, e.Tenant).Text(4, e.Action).Text(5, e.Target).Text(6, e.Detail).Execute();

        public void MergeRows(string tenantId, string fromId, string toId)
        {
            cache.Remove(tenantId, fromId);
            using var cmd = connection.CreateCommand();
            cmd.Transaction = tx;
            cmd.CommandText = SqliteStatements.MergeRows;
            cmd.Parameters.AddWithValue("$tenant", tenantId);
            cmd.Parameters.AddWithValue("$from", fromId);
            cmd.Parameters.AddWithValue("$to", toId);
            cmd.Parameters.AddWithValue("$fromKey", SqliteKeys.Of(tenantId, fromId));
            cmd.Parameters.AddWithValue("$toKey", SqliteKeys.Of(tenantId, toId));
            cmd.ExecuteNonQuery();
        }
    }
}
