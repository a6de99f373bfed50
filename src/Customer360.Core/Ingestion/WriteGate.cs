namespace Customer360.Core.Ingestion;

/// <summary>
/// Serialises this process's store writes with projection rebuilds: a rebuild (replay, unmerge) must not
/// interleave with live batches, or those would be projected twice. Writes already serialise in the
/// store, so the gate costs nothing on the hot path.
/// </summary>
public sealed class WriteGate
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task<IDisposable> EnterAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        return new Release(_gate);
    }

    private sealed class Release(SemaphoreSlim gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                gate.Release();
            }
        }
    }
}
