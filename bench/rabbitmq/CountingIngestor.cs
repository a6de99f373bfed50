using Customer360.Core.Events;
using Customer360.Core.Ingestion;

namespace Customer360.Bench.RabbitMq;

/// <summary>The real ingestor, counting what it committed: the end-to-end clock stops when the store holds all N.</summary>
internal sealed class CountingIngestor(IEventIngestor inner, long target) : IEventIngestor
{
    private long _committed;
    private long _ingestTicks;
    private long _firstWrite;

    /// <summary>Stopwatch timestamp of the first write's start: the source's first message, read and parsed.</summary>
    public long FirstWrite => Interlocked.Read(ref _firstWrite);

    /// <summary>Time spent inside the real ingestor (the SQLite transaction; the source parses beforehand): the share of the run the store takes.</summary>
    public TimeSpan InIngestor => TimeSpan.FromTicks(Interlocked.Read(ref _ingestTicks));

    public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<IReadOnlyList<IngestOutcome>> IngestAsync(IReadOnlyList<RawMessage> batch, CancellationToken cancellationToken) =>
        CountAsync(() => inner.IngestAsync(batch, cancellationToken));

    public Task<IReadOnlyList<IngestOutcome>> WriteAsync(IReadOnlyList<Customer360.Core.Storage.IngestItem> items, CancellationToken cancellationToken) =>
        CountAsync(() => inner.WriteAsync(items, cancellationToken));

    private async Task<IReadOnlyList<IngestOutcome>> CountAsync(Func<Task<IReadOnlyList<IngestOutcome>>> write)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        Interlocked.CompareExchange(ref _firstWrite, started, 0);
        var outcomes = await write();
        Interlocked.Add(ref _ingestTicks, System.Diagnostics.Stopwatch.GetElapsedTime(started).Ticks);
        if (Interlocked.Add(ref _committed, outcomes.Count) >= target)
        {
            Done.TrySetResult();
        }

        return outcomes;
    }
}
