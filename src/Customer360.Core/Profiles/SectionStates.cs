namespace Customer360.Core.Profiles;

/// <summary>Loyalty: balance/tier/lifetime points are snapshots (newest event wins); earned/redeemed are sums.</summary>
public sealed class LoyaltyState
{
    public long? PointsBalance { get; set; }
    public string? Tier { get; set; }
    public long? LifetimePoints { get; set; }
    public long LifetimeEarned { get; set; }
    public long LifetimeRedeemed { get; set; }

    public bool IsEmpty => PointsBalance is null && Tier is null && LifetimePoints is null && LifetimeEarned == 0 && LifetimeRedeemed == 0;
}

/// <summary>Credit: limit, available and terms are snapshots; usages and alerts are rows of their own.</summary>
public sealed class CreditState
{
    public decimal? Limit { get; set; }
    public decimal? Available { get; set; }
    public int? PaymentTermDays { get; set; }

    public bool IsEmpty => Limit is null && Available is null && PaymentTermDays is null;
}

/// <summary>Telecom usage: sums, plus the newest login time.</summary>
public sealed class UsageState
{
    public decimal DataUsageMb { get; set; }
    public decimal CallMinutes { get; set; }
    public decimal RechargeTotal { get; set; }
    public long RechargeCount { get; set; }
    public DateTimeOffset? LastLoginAt { get; set; }
    public long QoeIssues { get; set; }

    public bool IsEmpty => DataUsageMb == 0 && CallMinutes == 0 && RechargeTotal == 0 && RechargeCount == 0 && LastLoginAt is null && QoeIssues == 0;
}

public sealed record ConsentState(string Status, DateTimeOffset UpdatedAt);
