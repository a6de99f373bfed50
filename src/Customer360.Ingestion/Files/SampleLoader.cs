using System.Reflection;
using Customer360.Core.Ingestion;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Customer360.Ingestion.Files;

/// <summary>
/// Loads the example events of the five seed documents at start (Demo:LoadSamples), so a new user sees
/// real profiles at once. Idempotent: event ids dedup, so restarts add nothing.
/// </summary>
public sealed partial class SampleLoader(JsonlImporter importer, ILogger<SampleLoader> logger) : IHostedService
{
    public const string ResourceName = "Customer360.Ingestion.Files.seed-samples.jsonl";

    public static Stream OpenSamples() =>
        Assembly.GetExecutingAssembly().GetManifestResourceStream(ResourceName)
        ?? throw new InvalidOperationException($"embedded resource {ResourceName} is missing");

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var samples = OpenSamples();
        var result = await importer.ImportAsync(samples, "samples", samples.Length, null, cancellationToken);
        LogLoaded(result.Accepted, result.Duplicates, result.Rejected);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Sample events loaded: {Accepted} new, {Duplicates} already present, {Rejected} rejected")]
    private partial void LogLoaded(long accepted, long duplicates, long rejected);
}
