using Customer360.Core.Events;
using Customer360.Core.Ingestion;

namespace Customer360.IntegrationTests.RabbitMq;

/// <summary>The real ingestor behind a store outage: the first calls throw as a failing database would.</summary>
internal sealed class FailingIngestor(IEventIngestor inner, int failures) : IEventIngestor
{
    private int _calls;

    public int Failures => Math.Min(Volatile.Read(ref _calls), failures);

    public Task<IReadOnlyList<IngestOutcome>> IngestAsync(IReadOnlyList<RawMessage> batch, CancellationToken cancellationToken) =>
        Interlocked.Increment(ref _calls) <= failures
            ? throw new InvalidOperationException("simulated store outage")
            : inner.IngestAsync(batch, cancellationToken);

    public Task<IReadOnlyList<IngestOutcome>> WriteAsync(IReadOnlyList<Core.Storage.IngestItem> items, CancellationToken cancellationToken) =>
        Interlocked.Increment(ref _calls) <= failures
            ? throw new InvalidOperationException("simulated store outage")
            : inner.WriteAsync(items, cancellationToken);
}
