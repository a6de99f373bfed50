namespace Customer360.Core.Ingestion;

/// <summary>When /health turns "degraded" (section `Health`): thresholds over a sliding window.</summary>
public sealed class HealthOptions
{
    public const string Section = "Health";

    /// <summary>The sliding window over which store failures and dead letters are counted.</summary>
    public int WindowSeconds { get; set; } = 60;

    /// <summary>A source whose lag (messages waiting for it) is above this is lagging.</summary>
    public long MaxSourceLag { get; set; } = 10_000;

    /// <summary>More failed store writes than this within the window: the store is failing.</summary>
    public int MaxStoreFailures { get; set; }

    /// <summary>More dead letters than this within the window: bad input is growing fast.</summary>
    public int MaxDeadLetters { get; set; } = 100;

    public bool IsValid => WindowSeconds is > 0 and <= SlidingCounter.MaxSeconds && MaxSourceLag >= 0 && MaxStoreFailures >= 0 && MaxDeadLetters >= 0;
}
