using Customer360.Core.Profiles;

namespace Customer360.Core.Storage;

/// <summary>A profile as read back: the projected state plus what the store derives (aliases, identifiers, alerts).</summary>
public sealed record CustomerProfileView(
    CustomerProfile Profile,
    IReadOnlyList<string> Aliases,
    IReadOnlyList<CreditAlert> CreditAlerts,
    IReadOnlyList<CreditUsage> CreditUsages,
    IReadOnlyList<Entitlement> Entitlements);

public sealed record TimelineQuery(int Limit = 50, string? Before = null, string? Type = null);

public sealed record TimelinePage(IReadOnlyList<TimelineEntry> Items, string? Next);

public sealed record SearchHit(string Id, string? Name, string? Email, string? Snippet);

public sealed record DeadLetter(
    long Id, DateTimeOffset ReceivedAt, string Source, string Origin, string? TenantHint, string? DialectHint,
    DateTimeOffset? BrokerTime, string Reason, byte[] Raw, int Retries, DateTimeOffset? LastRetryAt);

/// <summary>One row of the raw event log, enough to parse it again exactly as it arrived.</summary>
public sealed record StoredEvent(
    long Seq, string EventId, string TenantId, string Dialect, string Source, string Origin,
    string? TenantHint, DateTimeOffset? BrokerTime, DateTimeOffset ReceivedAt, byte[] Raw);

public sealed record StoreStats(
    long Customers, long Events, long DeadLetters,
    IReadOnlyDictionary<string, long> EventsBySource,
    IReadOnlyDictionary<string, long> EventsByDialect,
    IReadOnlyDictionary<string, long> EventsByType);
