namespace Customer360.Core.Ingestion;

public enum SourceState
{
    Starting,
    Connected,
    Disconnected,
    Stopped,
}

/// <summary>What a running source says about itself for /health and /api/stats.</summary>
public sealed record SourceHealth(string Name, SourceState State, long? Lag, string? Detail);

/// <summary>Implemented by every broker source; /health is degraded while any is disconnected or lagging.</summary>
public interface ISourceHealth
{
    SourceHealth GetHealth();
}
