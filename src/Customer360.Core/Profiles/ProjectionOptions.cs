namespace Customer360.Core.Profiles;

public sealed class ProjectionOptions
{
    public const string Section = "Projection";

    /// <summary>Descriptions longer than this get an extractive summary (seed 004: NATS_SUMMARIZE_THRESHOLD).</summary>
    public int SummarizeThreshold { get; set; } = 500;

    /// <summary>Create a profile on the first event of an unknown customer; when off such events are dead-lettered.</summary>
    public bool AutoCreateCustomers { get; set; } = true;
}
