namespace Customer360.Server.Api;

public sealed class ApiOptions
{
    public const string Section = "Api";
    public const long DefaultMaxRequestBytes = 4 * 1024 * 1024;

    /// <summary>Larger request bodies are refused with 413 before they are read.</summary>
    public long MaxRequestBytes { get; set; } = DefaultMaxRequestBytes;

    /// <summary>Most events accepted in one POST /api/events.</summary>
    public int MaxBatchEvents { get; set; } = 50_000;
}
