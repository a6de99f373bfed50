using Customer360.Core.Events;
using Customer360.Core.Profiles.Rules;
using Customer360.Core.Summaries;

namespace Customer360.Core.Profiles;

/// <summary>
/// Applies one accepted event to its customer's profile: the common bookkeeping (seen times, counts,
/// identity) and then the event's dialect rules. Pure; the store persists what it changed.
/// </summary>
public sealed class Projector(ProjectionOptions options)
{
    private readonly Dictionary<string, IProjectionRules> _rules = new IProjectionRules[]
    {
        new TelecomRules(), new CrmDomainRules(), new CustomerServiceRules(), new CustomerIqRules(),
    }.ToDictionary(r => r.Dialect, StringComparer.Ordinal);

    public ProjectionOptions Options => options;

    public TimelineEntry Apply(CustomerProfile profile, CustomerEvent e, ProjectionOutput output)
    {
        profile.Seen(e.OccurredAt);
        profile.EventCount++;

        // The identifier that found (or created) the customer is the customer's until an event states another.
        profile.SetFallback(ProfileFields.Email, e.Email, e.OccurredAt);

        if (_rules.TryGetValue(e.Dialect, out var rules))
        {
            rules.Apply(profile, e, output, options);
        }

        return Timeline(e);
    }

    /// <summary>The event's timeline entry; also how a store that keeps only the raw log builds its timeline pages.</summary>
    public TimelineEntry Timeline(CustomerEvent e) => new(
        e.EventId, e.Type, e.OccurredAt, e.Source, e.Dialect, e.Title, e.Description,
        Summarizer.Summarize(e.Description, options.SummarizeThreshold), e.Amount, e.Data);
}
