using Customer360.Core.Dialects;
using Customer360.Core.Events;
using Customer360.Core.Ingestion;
using Customer360.Core.Profiles;

namespace Customer360.Core.Storage;

/// <summary>
/// The write path shared by every store, run inside one transaction: dead letters, dedup on the raw log,
/// customer resolution (id, alias, email/phone), projection, merges; profiles saved once per batch.
/// </summary>
public sealed class BatchApplier(Projector projector)
{
    public IReadOnlyList<IngestOutcome> Apply(IProjectionSession session, IReadOnlyList<IngestItem> batch, bool appendToLog = true)
    {
        var state = new BatchState(session);
        var outcomes = new IngestOutcome[batch.Count];
        var output = new ProjectionOutput();
        for (var i = 0; i < batch.Count; i++)
        {
            outcomes[i] = ApplyOne(state, batch[i], output, appendToLog);
        }

        foreach (var (profile, touched) in state.Profiles.Values)
        {
            session.SaveProfile(profile, touched);
        }

        return outcomes;
    }

    private IngestOutcome ApplyOne(BatchState state, IngestItem item, ProjectionOutput output, bool appendToLog)
    {
        var session = state.Session;
        if (item.Event is not { } e)
        {
            var reason = item.Rejection ?? "rejected";
            return new IngestOutcome(IngestStatus.Rejected, null, null, reason, session.AddDeadLetter(item.Raw, reason));
        }

        var customerId = Resolve(state, e);
        var profile = state.Get(e.TenantId, customerId);
        if (profile is null && !projector.Options.AutoCreateCustomers)
        {
            var reason = $"unknown customer '{customerId}' and auto-create is off";
            return new IngestOutcome(IngestStatus.Rejected, e.EventId, customerId, reason, session.AddDeadLetter(item.Raw, reason));
        }

        if (appendToLog && !session.TryAppendEvent(e, item.Raw, customerId))
        {
            DeleteRetried(session, item);
            return new IngestOutcome(IngestStatus.Duplicate, e.EventId, customerId, null, null);
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
        state.Remember(profile);

        foreach (var merge in output.Merges)
        {
            Merge(state, profile, merge, e);
        }

        DeleteRetried(session, item);
        return new IngestOutcome(IngestStatus.Accepted, e.EventId, customerId, null, null);
    }

    private static void DeleteRetried(IProjectionSession session, IngestItem item)
    {
        if (item.RetriesDeadLetterId is { } id)
        {
            session.DeleteDeadLetter(id);
        }
    }

    private static string Resolve(BatchState state, CustomerEvent e)
    {
        if (e.CustomerId is { } id)
        {
            return state.Session.ResolveAlias(e.TenantId, id) ?? id;
        }

        foreach (var (kind, raw) in new[] { (Identifiers.Email, e.Email), (Identifiers.Phone, e.Phone) })
        {
            if (Identifiers.Normalize(kind, raw) is { } value && state.FindByIdentifier(e.TenantId, kind, value) is { } found)
            {
                return found;
            }
        }

        // Unknown email/phone: a deterministic id, so a replay or a second event with it finds the same customer.
        var (k, v) = Identifiers.Normalize(Identifiers.Email, e.Email) is { } email
            ? (Identifiers.Email, email)
            : (Identifiers.Phone, Identifiers.Normalize(Identifiers.Phone, e.Phone)!);
        return EventIds.ForIdentifier(e.TenantId, k, v);
    }

    private static void Merge(BatchState state, CustomerProfile target, MergeRequest merge, CustomerEvent e)
    {
        var session = state.Session;
        var sourceId = session.ResolveAlias(target.TenantId, merge.SourceCustomerId) ?? merge.SourceCustomerId;
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
        session.AddAlias(target.TenantId, sourceId, target.Id, merge.Reason, e.EventId, e.OccurredAt);
        if (merge.SourceCustomerId != sourceId)
        {
            session.AddAlias(target.TenantId, merge.SourceCustomerId, target.Id, merge.Reason, e.EventId, e.OccurredAt);
        }
    }

    /// <summary>Profiles loaded or created in this batch, and identifiers they claimed, before they are saved.</summary>
    private sealed class BatchState(IProjectionSession session)
    {
        public IProjectionSession Session { get; } = session;

        public Dictionary<(string Tenant, string Id), (CustomerProfile Profile, Touched Touched)> Profiles { get; } = [];

        private readonly Dictionary<(string Tenant, string Kind, string Value), string> _identifiers = [];

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

        public void Forget(CustomerProfile p) => Profiles.Remove((p.TenantId, p.Id));

        public void Remember(CustomerProfile p)
        {
            foreach (var (kind, field) in new[] { (Identifiers.Email, ProfileFields.Email), (Identifiers.Phone, ProfileFields.Phone) })
            {
                if (Identifiers.Normalize(kind, p.Get(field)) is { } value)
                {
                    _identifiers.TryAdd((p.TenantId, kind, value), p.Id);
                }
            }
        }

        public string? FindByIdentifier(string tenant, string kind, string value) =>
            _identifiers.TryGetValue((tenant, kind, value), out var id) ? id : Session.FindByIdentifier(tenant, kind, value);
    }
}
