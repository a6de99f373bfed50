using Customer360.Core.Dialects;
using Customer360.Core.Identity;
using Customer360.Core.Ingestion;
using Customer360.Core.Profiles;
using Customer360.Core.Storage.Audit;

namespace Customer360.Core.Storage;

/// <summary>
/// The write path shared by every store, run inside one transaction: dead letters, dedup on the raw log,
/// customer resolution (id, alias, email/phone), projection, identifier claims, merges; profiles saved once
/// per batch.
/// </summary>
public sealed class BatchApplier(Projector projector, IdentityOptions identity)
{
    public BatchApplier(Projector projector)
        : this(projector, new IdentityOptions())
    {
    }

    public IReadOnlyList<IngestOutcome> Apply(IProjectionSession session, IReadOnlyList<IngestItem> batch, bool appendToLog = true)
    {
        var run = Begin(session);
        var outcomes = run.Apply(batch, appendToLog);
        run.SaveProfiles();
        return outcomes;
    }

    /// <summary>Several batches in one transaction: a profile the batches share is loaded once and saved once.</summary>
    public Run Begin(IProjectionSession session) => new(this, session);

    /// <summary>The batches of one store transaction; SaveProfiles must run before the commit.</summary>
    public sealed class Run
    {
        // Profiles held between saves. A long transaction over many customers saves them part way instead of holding
        // every profile it touched (a 40,000-event transaction over 1M customers would hold ~40,000).
        private const int MaxHeldProfiles = 10_000;

        private readonly BatchApplier _applier;
        private readonly BatchState _state;
        private readonly ProjectionOutput _output = new();

        internal Run(BatchApplier applier, IProjectionSession session)
        {
            _applier = applier;
            _state = new BatchState(session);
        }

        public IReadOnlyList<IngestOutcome> Apply(IReadOnlyList<IngestItem> batch, bool appendToLog = true)
        {
            var outcomes = new IngestOutcome[batch.Count];
            for (var i = 0; i < batch.Count; i++)
            {
                outcomes[i] = _applier.ApplyOne(_state, batch[i], _output, appendToLog);
            }

            if (_state.Profiles.Count > MaxHeldProfiles)
            {
                SaveProfiles();
            }

            return outcomes;
        }

        /// <summary>Writes every profile changed since the last save; the next batch loads them again (from the store's cache).</summary>
        public void SaveProfiles()
        {
            foreach (var (profile, touched) in _state.Profiles.Values)
            {
                _state.Session.SaveProfile(profile, touched);
            }

            _state.Profiles.Clear();
        }
    }

    private IngestOutcome ApplyOne(BatchState state, IngestItem item, ProjectionOutput output, bool appendToLog)
    {
        var session = state.Session;
        if (item.Event is not { } e)
        {
            return Reject(session, item, null, null, item.Rejection ?? "rejected");
        }

        var customerId = Resolve(state, e);
        if (customerId is null)
        {
            return Reject(session, item, e.EventId, null, $"{e.Dialect}: the only identifier given is a blocked value (Identity:BlockedValues), it never links a customer");
        }

        var profile = state.Get(e.TenantId, customerId);
        if (profile is null && !projector.Options.AutoCreateCustomers)
        {
            // A redelivery of an event already logged (say, of a customer since erased) stays a duplicate: a dead
            // letter would bring its body back.
            if (appendToLog && session.IsLogged(e.TenantId, e.EventId))
            {
                return Duplicate(session, item, e.EventId, customerId);
            }

            return Reject(session, item, e.EventId, customerId, $"unknown customer '{customerId}' and auto-create is off");
        }

        if (appendToLog && !session.TryAppendEvent(e, item.Raw, customerId))
        {
            return Duplicate(session, item, e.EventId, customerId);
        }

        // A merge that was undone, and the undo itself, stay in the raw log but change no profile:
        // after the rebuild that follows an unmerge, both customers are exactly as if never merged.
        // Merges are audited as they happen (in the transaction that makes them); a rebuild re-applies them silently.
        var live = appendToLog ? item : null;
        if (e.Type == MergeEvents.Unmerged && e.Dialect == DialectNames.CrmDomain)
        {
            CancelMerges(state, customerId, e, live);
            session.OmitFromTimeline(e.TenantId, e.EventId);
            DeleteRetried(session, item);
            return new IngestOutcome(IngestStatus.Accepted, e.EventId, customerId, null, null);
        }

        if (e.Type == MergeEvents.Merged && session.IsMergeCancelled(e.TenantId, e.EventId))
        {
            session.OmitFromTimeline(e.TenantId, e.EventId);
            DeleteRetried(session, item);
            return new IngestOutcome(IngestStatus.Accepted, e.EventId, customerId, null, null);
        }

        profile ??= state.Create(e.TenantId, customerId);
        output.Clear();
        var entry = projector.Apply(profile, e, output);

        // Telecom meter events carry no words worth finding and are most of the volume: keep them out of the index.
        var searchable = e.Description is not null || e.Dialect != DialectNames.Telecom;
        session.AddTimeline(e.TenantId, customerId, entry, searchable);
        session.WriteOutput(e.TenantId, customerId, output);
        state.Touch(profile, Touched.Profile
            | (output.Purchases.Count > 0 ? Touched.Purchases : 0)
            | (output.WorkOrders.Count > 0 ? Touched.WorkOrders : 0)
            | (output.Knowledge.Count > 0 ? Touched.Knowledge : 0));

        foreach (var merge in output.Merges)
        {
            Merge(state, profile, merge.SourceCustomerId, merge.Reason, e.EventId, e.OccurredAt, live);
        }

        ClaimIdentifiers(state, profile, e, live);
        DeleteRetried(session, item);
        return new IngestOutcome(IngestStatus.Accepted, e.EventId, customerId, null, null);
    }

    private static void CancelMerges(BatchState state, string targetId, Events.CustomerEvent e, IngestItem? live)
    {
        var sourceId = e.Data.Str("sourceCustomerId")!;
        foreach (var mergeEventId in state.Session.MergeEventIds(e.TenantId, targetId, sourceId))
        {
            state.Session.CancelMerge(e.TenantId, mergeEventId);
        }

        Audit(state.Session, live, e.TenantId, AuditActions.Unmerge, targetId, sourceId, e.Data.Str("mergeReason"), e.EventId);
    }

    /// <summary>
    /// An audit entry for a merge or unmerge a live event made: its actor is who sent it (an API key) or the source it
    /// came through. Null `live` is a rebuild re-applying merges audited when they first happened.
    /// </summary>
    private static void Audit(IProjectionSession session, IngestItem? live, string tenant, string action, string target, string sourceId, string? reason, string eventId)
    {
        if (live is null)
        {
            return;
        }

        session.AddAudit(AuditEntry.Create(live.Raw.Actor ?? $"event:{live.Raw.Source}", tenant, action, target,
            new { sourceId, eventId, reason, origin = live.Raw.Origin }));
    }

    private static IngestOutcome Reject(IProjectionSession session, IngestItem item, string? eventId, string? customerId, string reason) =>
        new(IngestStatus.Rejected, eventId, customerId, reason, session.AddDeadLetter(item.Raw, reason));

    /// <summary>Already in the log: changes nothing; a retried dead letter of it is resolved.</summary>
    private static IngestOutcome Duplicate(IProjectionSession session, IngestItem item, string eventId, string customerId)
    {
        DeleteRetried(session, item);
        return new IngestOutcome(IngestStatus.Duplicate, eventId, customerId, null, null);
    }

    private static void DeleteRetried(IProjectionSession session, IngestItem item)
    {
        if (item.RetriesDeadLetterId is { } id)
        {
            session.DeleteDeadLetter(id);
        }
    }

    /// <summary>The customer an event is for: its id (through merges), else whoever holds its email/phone, else a provisional profile.</summary>
    private string? Resolve(BatchState state, Events.CustomerEvent e)
    {
        if (e.CustomerId is { } id)
        {
            return state.Session.ResolveAlias(e.TenantId, id) ?? id;
        }

        string? provisional = null;
        foreach (var (kind, raw) in new[] { (Identifiers.Email, e.Email), (Identifiers.Phone, e.Phone) })
        {
            if (Identifiers.Normalize(kind, raw) is not { } value || identity.IsBlocked(kind, value))
            {
                continue;
            }

            if (state.FindByIdentifier(e.TenantId, kind, value) is { } found)
            {
                return found;
            }

            // Deterministic, so a replay or the next event with this identifier finds the same profile.
            provisional ??= EventIds.ForIdentifier(e.TenantId, kind, value);
        }

        return provisional is null ? null : state.Session.ResolveAlias(e.TenantId, provisional) ?? provisional;
    }

    /// <summary>
    /// Registers for lookups the email and phone the event names and the profile now has (both: a late event's
    /// older email must link too, whatever the arrival order). A value held by a provisional profile is taken
    /// over by merging that profile in; a value held by another named customer stays theirs.
    /// </summary>
    private void ClaimIdentifiers(BatchState state, CustomerProfile profile, Events.CustomerEvent e, IngestItem? live)
    {
        // One call per candidate rather than an array of them (this runs for every event); the profile's values are
        // read first, as they were before any claim merges a provisional profile in.
        var (profileEmail, profilePhone) = (profile.Get(ProfileFields.Email), profile.Get(ProfileFields.Phone));
        Claim(Identifiers.Email, e.Email);
        Claim(Identifiers.Email, profileEmail);
        Claim(Identifiers.Phone, e.Phone);
        Claim(Identifiers.Phone, profilePhone);

        void Claim(string kind, string? raw)
        {
            if (Identifiers.Normalize(kind, raw) is not { } value || identity.IsBlocked(kind, value))
            {
                return;
            }

            var owner = state.FindByIdentifier(profile.TenantId, kind, value);
            if (owner == profile.Id)
            {
                return;
            }

            if (owner is not null && identity.MergeProvisionalProfiles && EventIds.IsProvisional(owner) && !EventIds.IsProvisional(profile.Id))
            {
                Merge(state, profile, owner, $"identifier:{kind}", e.EventId, e.OccurredAt, live);
                return;
            }

            if (owner is null && state.Session.CountIdentifiers(profile.TenantId, profile.Id, kind) < identity.MaxIdentifiersPerKind
                && state.Session.ClaimIdentifier(profile.TenantId, kind, value, profile.Id))
            {
                state.RememberIdentifier(profile.TenantId, kind, value, profile.Id);
            }
        }
    }

    private static void Merge(BatchState state, CustomerProfile target, string requestedSourceId, string? reason, string eventId, DateTimeOffset at, IngestItem? live)
    {
        var session = state.Session;
        var sourceId = session.ResolveAlias(target.TenantId, requestedSourceId) ?? requestedSourceId;
        if (sourceId == target.Id)
        {
            return; // already one record (a repeated merge, or the reverse of an earlier one)
        }

        if (state.Get(target.TenantId, sourceId) is { } source)
        {
            state.Forget(source);
            ProfileMerger.MergeInto(target, source);
            session.MergeRows(target.TenantId, sourceId, target.Id);
            state.Touch(target, Touched.All);
        }

        // Recorded even when the source is not known yet: its later events then land on the target.
        session.AddAlias(target.TenantId, sourceId, target.Id, reason, eventId, at);
        if (requestedSourceId != sourceId)
        {
            session.AddAlias(target.TenantId, requestedSourceId, target.Id, reason, eventId, at);
        }

        Audit(session, live, target.TenantId, AuditActions.Merge, target.Id, sourceId, reason, eventId);
    }

    /// <summary>Profiles loaded or created in this batch, and identifiers claimed, before they are saved.</summary>
    private sealed class BatchState(IProjectionSession session)
    {
        private readonly Dictionary<(string Tenant, string Kind, string Value), string> _identifiers = [];

        public IProjectionSession Session { get; } = session;

        public Dictionary<(string Tenant, string Id), (CustomerProfile Profile, Touched Touched)> Profiles { get; } = [];

        public CustomerProfile? Get(string tenant, string id)
        {
            if (Profiles.TryGetValue((tenant, id), out var cached))
            {
                return cached.Profile;
            }

            var loaded = Session.LoadProfile(tenant, id);
            if (loaded is not null)
            {
                Profiles[(tenant, id)] = (loaded, Touched.None);
            }

            return loaded;
        }

        public CustomerProfile Create(string tenant, string id)
        {
            var profile = new CustomerProfile { TenantId = tenant, Id = id, IsNew = true };
            Profiles[(tenant, id)] = (profile, Touched.Profile);
            return profile;
        }

        public void Touch(CustomerProfile p, Touched touched)
        {
            var key = (p.TenantId, p.Id);
            Profiles[key] = (p, Profiles.TryGetValue(key, out var current) ? current.Touched | touched : touched);
        }

        /// <summary>A merged-away profile: its rows are gone, and so are the identifiers it held here.</summary>
        public void Forget(CustomerProfile p)
        {
            Profiles.Remove((p.TenantId, p.Id));
            foreach (var key in _identifiers.Where(kv => kv.Key.Tenant == p.TenantId && kv.Value == p.Id).Select(kv => kv.Key).ToList())
            {
                _identifiers.Remove(key);
            }
        }

        public void RememberIdentifier(string tenant, string kind, string value, string id) => _identifiers[(tenant, kind, value)] = id;

        /// <summary>
        /// Store answers are remembered for the batch: every event of a customer with an email asks again, often
        /// twice (the event's and the profile's email). Entries stay right: claims go through RememberIdentifier,
        /// and a merge forgets the merged-away owner's entries.
        /// </summary>
        public string? FindByIdentifier(string tenant, string kind, string value)
        {
            if (_identifiers.TryGetValue((tenant, kind, value), out var id))
            {
                return id;
            }

            var owner = Session.FindByIdentifier(tenant, kind, value);
            if (owner is not null)
            {
                _identifiers[(tenant, kind, value)] = owner;
            }

            return owner;
        }
    }
}
