namespace Customer360.Core.Identity;

/// <summary>
/// Which identifiers may link events and profiles. Shared placeholder values (test@example.com,
/// 0000000000) never link anything, and one profile claims at most a few values of each kind, so one shared
/// value cannot chain hundreds of profiles together.
/// </summary>
public sealed class IdentityOptions
{
    public const string Section = "Identity";

    /// <summary>Values (compared normalised) that never find, create or merge a customer.</summary>
    public List<string> BlockedValues { get; set; } =
    [
        "test@example.com", "test@test.com", "noreply@example.com", "no-reply@example.com", "none@none.com",
        "0000000000", "1111111111", "000000",
    ];

    /// <summary>Most emails (and, separately, phones) one profile may claim for lookups.</summary>
    public int MaxIdentifiersPerKind { get; set; } = 5;

    /// <summary>
    /// Merge a provisional profile (created for an event known only by email/phone) into the customer that
    /// later claims the same identifier. Named customers are never merged automatically.
    /// </summary>
    public bool MergeProvisionalProfiles { get; set; } = true;

    private HashSet<string>? _blocked;

    public bool IsBlocked(string kind, string normalizedValue)
    {
        _blocked ??= BlockedValues
            .SelectMany(b => new[] { Storage.Identifiers.Normalize(Storage.Identifiers.Email, b), Storage.Identifiers.Normalize(Storage.Identifiers.Phone, b) })
            .OfType<string>()
            .ToHashSet(StringComparer.Ordinal);
        return _blocked.Contains(normalizedValue);
    }
}
