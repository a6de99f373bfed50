using System.Text.Json;
using Customer360.Core.Events;
using Customer360.Core.Profiles;
using Npgsql;
using static Customer360.Core.Storage.Postgres.PostgresStatements;
using static Customer360.Core.Storage.Postgres.PostgresValues;

namespace Customer360.Core.Storage.Postgres;

/// <summary>
/// IProjectionSession on one PostgreSQL transaction. Several instances write at once, so every customer (and
/// email/phone identifier) a batch reads is advisory-locked first and stays locked until commit: a profile is
/// only ever read-modified-written by one batch at a time, in any instance. PrepareAsync locks and reads what the
/// batch names up front; anything else (merge sources, ...) is locked lazily. Writes are queued and sent in bulk.
/// </summary>
internal sealed partial class PostgresProjectionSession(PostgresWriteQueue queue, Identity.IdentityOptions identity) : IProjectionSession
{
    private readonly HashSet<string> _locked = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Tenant, string Id), string?> _aliases = [];
    private readonly Dictionary<(string Tenant, string Kind, string Value), string?> _identifiers = [];
    private readonly Dictionary<(string Tenant, string Id), CustomerProfile?> _profiles = [];
    private readonly HashSet<(string Tenant, string EventId)> _logged = [];
    private readonly Queue<long> _deadLetterIds = new();
    private readonly DateTimeOffset _now = DateTimeOffset.UtcNow;

    public long AddDeadLetter(RawMessage raw, string reason)
    {
        var id = _deadLetterIds.Count > 0
            ? _deadLetterIds.Dequeue()
            : queue.Query(NextDeadLetterIds, [Int(1)], r => r.Read() ? r.GetInt64(0) : throw new InvalidOperationException("no id"));
        queue.Add(PostgresStatements.AddDeadLetter, Int(id), Time(raw.ReceivedAt), Text(raw.Source), Text(raw.Origin), Text(raw.Tenant), Text(raw.Dialect),
            Time(raw.BrokerTime), Text(reason), Bytes(raw.Body.ToArray()));
        return id;
    }

    public void DeleteDeadLetter(long id) => queue.Add("DELETE FROM dead_letters WHERE id = $1", Int(id));

    /// <summary>Decided from the log as read after the batch's locks (PrepareAsync) plus this batch's own rows; the insert re-checks.</summary>
    public bool IsLogged(string tenantId, string eventId) => _logged.Contains((tenantId, eventId));

    public bool TryAppendEvent(CustomerEvent e, RawMessage raw, string customerId)
    {
        if (!_logged.Add((e.TenantId, e.EventId)))
        {
            return false;
        }

        queue.Events.Add(e, raw, customerId);
        return true;
    }

    public string? ResolveAlias(string tenantId, string customerId)
    {
        var key = (tenantId, customerId);
        if (!_aliases.TryGetValue(key, out var target))
        {
            LockLazily(CustomerKey(tenantId, customerId));
            target = queue.Query(PostgresStatements.ResolveAlias, [Text(tenantId), Text(customerId)], r => r.Read() ? r.GetString(0) : null);
            _aliases[key] = target;
        }

        return target;
    }

    public string? FindByIdentifier(string tenantId, string kind, string value)
    {
        var key = (tenantId, kind, value);
        if (!_identifiers.TryGetValue(key, out var id))
        {
            LockLazily(IdentifierKey(tenantId, kind, value));
            id = queue.Query(FindIdentifier, [Text(tenantId), Text(kind), Text(value)], r => r.Read() ? r.GetString(0) : null);
            _identifiers[key] = id;
        }

        return id;
    }

    /// <summary>Under the identifier's lock (taken by the lookup that found it free), so no other instance claims it meanwhile.</summary>
    public bool ClaimIdentifier(string tenantId, string kind, string value, string customerId)
    {
        LockLazily(IdentifierKey(tenantId, kind, value));
        var claimed = queue.Query(ClaimIdentifierReturning, [Text(tenantId), Text(kind), Text(value), Text(customerId)], r => r.Read());
        if (claimed)
        {
            _identifiers[(tenantId, kind, value)] = customerId;
        }

        return claimed;
    }

    public int CountIdentifiers(string tenantId, string customerId, string kind) =>
        (int)queue.Query(PostgresStatements.CountIdentifiers, [Text(tenantId), Text(customerId), Text(kind)], r => r.Read() ? r.GetInt64(0) : 0);

    public CustomerProfile? LoadProfile(string tenantId, string customerId)
    {
        var key = (tenantId, customerId);
        if (!_profiles.TryGetValue(key, out var profile))
        {
            LockLazily(CustomerKey(tenantId, customerId));
            profile = queue.Query(PostgresProfileReader.SelectMany, PostgresProfileReader.Parameters([key]),
                r => r.Read() ? PostgresProfileReader.Read(r, tenantId, customerId) : null);
            _profiles[key] = profile;
        }

        return profile;
    }

    public void AddTimeline(string tenantId, string customerId, TimelineEntry entry, bool searchable) =>
        queue.Timeline.Add(tenantId, customerId, entry, searchable);

    // The timeline is a table here: an event without a row is on no timeline already.
    public void OmitFromTimeline(string tenantId, string eventId)
    {
    }

    public IReadOnlyList<string> MergeEventIds(string tenantId, string customerId, string sourceId) =>
        queue.Query("SELECT event_id FROM aliases WHERE tenant_id = $1 AND customer_id = $2 AND alias_id = $3",
            [Text(tenantId), Text(customerId), Text(sourceId)], r =>
            {
                var ids = new List<string>();
                while (r.Read())
                {
                    ids.Add(r.GetString(0));
                }

                return ids;
            });

    public void CancelMerge(string tenantId, string mergeEventId) =>
        queue.Add("INSERT INTO cancelled_merges (tenant_id, event_id, cancelled_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
            Text(tenantId), Text(mergeEventId), Time(_now));

    public bool IsMergeCancelled(string tenantId, string mergeEventId) =>
        queue.Query("SELECT 1 FROM cancelled_merges WHERE tenant_id = $1 AND event_id = $2", [Text(tenantId), Text(mergeEventId)], r => r.Read());

    public void AddAlias(string tenantId, string aliasId, string customerId, string? reason, string eventId, DateTimeOffset at)
    {
        queue.Add(UpsertAlias, Text(tenantId), Text(aliasId), Text(customerId), Text(reason), Text(eventId), Time(at));
        _aliases[(tenantId, aliasId)] = customerId;
    }

    public void AddAudit(Audit.AuditEntry e) =>
        queue.Add(PostgresProfileStore.InsertAudit, PostgresProfileStore.AuditParameters(e));

    public void MergeRows(string tenantId, string fromId, string toId)
    {
        queue.Add(LockMerge, Text(tenantId), Text(fromId));
        foreach (var sql in MergeMoves)
        {
            queue.Add(sql, Text(tenantId), Text(fromId), Text(toId));
        }

        foreach (var sql in MergeDeletes)
        {
            queue.Add(sql, Text(tenantId), Text(fromId));
        }

        foreach (var (key, _) in _aliases.Where(a => a.Key.Tenant == tenantId && a.Value == fromId).ToList())
        {
            _aliases[key] = toId;
        }

        foreach (var (key, _) in _identifiers.Where(i => i.Key.Tenant == tenantId && i.Value == fromId).ToList())
        {
            _identifiers[key] = toId;
        }

        _profiles[(tenantId, fromId)] = null;
    }

    public void WriteOutput(string tenantId, string customerId, ProjectionOutput o)
    {
        foreach (var x in o.Purchases)
        {
            queue.Add(UpsertPurchase, Text(tenantId), Text(x.Id), Text(customerId), Text(x.ProductName), Text(x.Sku), Money(x.Quantity), Money(x.Price),
                Money(x.Total), Text(x.Currency), Time(x.PurchasedAt), Time(x.WarrantyExpires), Text(x.EventId), Json(x.Data.GetRawText()));
        }

        foreach (var x in o.WorkOrders)
        {
            queue.Add(UpsertWorkOrder, Text(tenantId), Text(x.Id), Text(customerId), Text(x.OrderType), Text(x.Description), Text(x.Summary), Text(x.Status),
                Text(x.Priority), Text(x.AssignedTo), Text(x.ProductId), Money(x.Cost), Time(x.CreatedAt), Text(x.EventId), Json(x.Data.GetRawText()));
        }

        foreach (var x in o.Knowledge)
        {
            queue.Add(InsertKnowledge, Text(tenantId), Text(x.Id), Text(customerId), Text(x.Content), Text(x.Summary), Text(x.Category), Text(x.Importance),
                Text(x.Source), Time(x.CreatedAt), Text(x.EventId));
        }

        foreach (var x in o.CreditUsages)
        {
            queue.Add(UpsertCreditUsage, Text(tenantId), Text(x.Id), Text(customerId), Text(x.OrderId), Money(x.Amount), Money(x.AvailableAfter),
                Text(x.DueDate), Time(x.UsedAt), Text(x.EventId));
        }

        foreach (var x in o.CreditAlerts)
        {
            queue.Add(InsertCreditAlert, Text(tenantId), Text(x.Id), Text(customerId), Text(x.Kind), Money(x.AttemptedAmount), Money(x.Available),
                Money(x.Shortfall), Time(x.At), Text(x.EventId));
        }

        foreach (var x in o.Entitlements)
        {
            queue.Add(UpsertEntitlement, Text(tenantId), Text(x.Id), Text(customerId), Text(x.Product), Text(x.Status), Time(x.ActivatedAt),
                Text(x.EventId), Json(x.Data.GetRawText()));
        }
    }

    public void SaveProfile(CustomerProfile p, Touched touched)
    {
        if (touched == Touched.None)
        {
            return;
        }

        queue.Add(UpsertCustomer,
            Text(p.TenantId), Text(p.Id),
            Text(p.Get(ProfileFields.Name)), Text(p.Get(ProfileFields.Email)), Text(p.Get(ProfileFields.Phone)),
            Text(p.Get(ProfileFields.Company)), Text(p.Get(ProfileFields.Status)), Text(p.Get(ProfileFields.Segment)),
            Text(p.Get(ProfileFields.CustomerType)), Text(p.Get(ProfileFields.PrimaryContactId)),
            Time(p.CustomerSince), Time(p.FirstSeenAt), Time(p.LastSeenAt), Money(p.Usage.RechargeTotal),
            Json(JsonSerializer.Serialize(p.Tags)), Json(p.CustomFields.ToJsonString()), Json(JsonSerializer.Serialize(p.FieldTimes)),
            Int(p.EventCount),
            Text(SearchWords(p.Get(ProfileFields.Name), p.Get(ProfileFields.Email), p.Get(ProfileFields.Phone), p.Get(ProfileFields.Company))),
            Time(_now));

        if (!p.Loyalty.IsEmpty)
        {
            var l = p.Loyalty;
            queue.Add(UpsertLoyalty, Text(p.TenantId), Text(p.Id), Int(l.PointsBalance), Text(l.Tier), Int(l.LifetimePoints), Int(l.LifetimeEarned), Int(l.LifetimeRedeemed));
        }

        if (!p.Credit.IsEmpty)
        {
            var c = p.Credit;
            queue.Add(UpsertCredit, Text(p.TenantId), Text(p.Id), Money(c.Limit), Money(c.Available), Int(c.PaymentTermDays));
        }

        if (!p.Usage.IsEmpty)
        {
            var u = p.Usage;
            queue.Add(UpsertUsage, Text(p.TenantId), Text(p.Id), Money(u.DataUsageMb), Money(u.CallMinutes), Money(u.RechargeTotal),
                Int(u.RechargeCount), Time(u.LastLoginAt), Int(u.QoeIssues));
        }

        foreach (var (type, consent) in p.Consent)
        {
            queue.Add(UpsertConsent, Text(p.TenantId), Text(p.Id), Text(type), Text(consent.Status), Time(consent.UpdatedAt));
        }

        p.IsNew = false;
    }
}
