using System.Text.Json.Nodes;

namespace Customer360.Core.Profiles;

/// <summary>
/// The projected state of one customer. Scalar fields remember the event time that set them so a late
/// event never overwrites a newer value; sums are order-free.
/// </summary>
public sealed class CustomerProfile
{
    public required string TenantId { get; init; }
    public required string Id { get; init; }

    /// <summary>name, email, phone, company, status, segment, customerType, primaryContactId (see ProfileFields).</summary>
    public Dictionary<string, string?> Fields { get; init; } = new(StringComparer.Ordinal);

    /// <summary>The OccurredAt of the event that last set each field (also for section snapshots, prefixed).</summary>
    /// <remarks>Sorted, so the stored JSON is the same whatever order the events arrived in.</remarks>
    public SortedDictionary<string, DateTimeOffset> FieldTimes { get; init; } = new(StringComparer.Ordinal);

    public DateTimeOffset? CustomerSince { get; set; }
    public DateTimeOffset? FirstSeenAt { get; set; }
    public DateTimeOffset? LastSeenAt { get; set; }

    /// <summary>Derived by the store: purchases total plus recharge total.</summary>
    public decimal LifetimeValue { get; set; }

    /// <summary>Derived by the store: the sum of the customer's purchases, kept so a batch without purchases need not re-add them.</summary>
    public decimal PurchasesTotal { get; set; }

    public SortedSet<string> Tags { get; init; } = new(StringComparer.Ordinal);
    public JsonObject CustomFields { get; init; } = [];

    public LoyaltyState Loyalty { get; init; } = new();
    public CreditState Credit { get; init; } = new();
    public UsageState Usage { get; init; } = new();
    public Dictionary<string, ConsentState> Consent { get; init; } = new(StringComparer.Ordinal);

    public long EventCount { get; set; }
    public long PurchaseCount { get; set; }
    public long WorkOrderCount { get; set; }
    public long KnowledgeCount { get; set; }

    /// <summary>Set when this instance was created by projection (no row yet).</summary>
    public bool IsNew { get; set; }

    /// <summary>
    /// The row this profile was read from or written to, where the store has row ids (SQLite); 0 when unknown. Where
    /// it is kept, not what the profile says: left out of its JSON, so equal profiles compare equal.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public long StoreRowId { get; set; }

    /// <summary>
    /// What the store's search index held for this profile when it was loaded or last saved; a store re-indexes when
    /// Searchable differs. Where it is kept, not what the profile says (left out of its JSON, as StoreRowId).
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public SearchFields Indexed { get; set; }

    /// <summary>What the search index should hold. Four references, not a joined string: it is asked on every load and save.</summary>
    public SearchFields Searchable => new(Get(ProfileFields.Name), Get(ProfileFields.Email), Get(ProfileFields.Phone), Get(ProfileFields.Company));

    public string? Get(string field) => Fields.GetValueOrDefault(field);

    /// <summary>Sets a field when this event is at least as new as the one that set it last. Returns true if it changed.</summary>
    public bool Set(string field, string? value, DateTimeOffset at)
    {
        if (value is null || !IsNewer(field, at))
        {
            return false;
        }

        FieldTimes[field] = at;
        Fields[field] = value;
        return true;
    }

    /// <summary>
    /// A value an event merely carries (the customer_name on a purchase), not one it states about the profile:
    /// any Set wins over it whatever the times, and among fallbacks the newest wins. Both rules are
    /// order-free, so the profile is the same whatever order the events arrive in.
    /// </summary>
    public bool SetFallback(string field, string? value, DateTimeOffset at)
    {
        // The fallback's time is kept even under a stated value, so the stamps too are order-free.
        if (value is null || !Claim(FallbackKey(field), at) || FieldTimes.ContainsKey(field))
        {
            return false;
        }

        Fields[field] = value;
        return true;
    }

    public static string FallbackKey(string field) => "fallback." + field;

    /// <summary>True when `at` is not older than the time that last set `key`; records it when so.</summary>
    public bool Claim(string key, DateTimeOffset at)
    {
        if (!IsNewer(key, at))
        {
            return false;
        }

        FieldTimes[key] = at;
        return true;
    }

    public void Seen(DateTimeOffset at)
    {
        if (FirstSeenAt is null || at < FirstSeenAt)
        {
            FirstSeenAt = at;
        }

        if (LastSeenAt is null || at > LastSeenAt)
        {
            LastSeenAt = at;
        }

        CustomerSince ??= at;
        if (at < CustomerSince)
        {
            CustomerSince = at;
        }
    }

    private bool IsNewer(string key, DateTimeOffset at) => !FieldTimes.TryGetValue(key, out var last) || at >= last;
}

/// <summary>The fields of a profile the customer search finds it by.</summary>
public readonly record struct SearchFields(string? Name, string? Email, string? Phone, string? Company)
{
    public bool IsEmpty => string.IsNullOrEmpty(Name) && string.IsNullOrEmpty(Email) && string.IsNullOrEmpty(Phone) && string.IsNullOrEmpty(Company);
}
