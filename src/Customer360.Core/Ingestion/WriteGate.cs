namespace Customer360.Core.Ingestion;

/// <summary>
/// Keeps this process's live writes out of a projection rebuild (replay, unmerge) and an erasure: those must not
/// interleave with live batches, or the batches would be projected twice or write back what was erased. Live writes
/// pass together (the store serialises them itself, and commits those that wait together, see GroupCommit); an
/// exclusive holder waits until the live writes inside have left and holds new ones back until it is done.
/// </summary>
public sealed class WriteGate
{
    // Turnstile: every entrant passes it; an exclusive holder keeps it, so writes arriving after it wait (it is
    // never starved by a steady stream of writes). Room: held by the live writes as a group, or by an exclusive.
    private readonly SemaphoreSlim _turnstile = new(1, 1);
    private readonly SemaphoreSlim _room = new(1, 1);
    private readonly SemaphoreSlim _count = new(1, 1);
    private int _inside;

    /// <summary>A live write: shared with other live writes.</summary>
    public async Task<IDisposable> EnterAsync(CancellationToken cancellationToken)
    {
        await _turnstile.WaitAsync(cancellationToken);
        _turnstile.Release();
        await _count.WaitAsync(cancellationToken);
        try
        {
            if (_inside == 0)
            {
                await _room.WaitAsync(cancellationToken); // the first write in takes the room for all
            }

            _inside++;
        }
        finally
        {
            _count.Release();
        }

        return new Release(LeaveShared);
    }

    /// <summary>A rebuild or an erasure: alone.</summary>
    public async Task<IDisposable> EnterExclusiveAsync(CancellationToken cancellationToken)
    {
        await _turnstile.WaitAsync(cancellationToken);
        try
        {
            await _room.WaitAsync(cancellationToken);
        }
        catch
        {
            _turnstile.Release();
            throw;
        }

        return new Release(() =>
        {
            _room.Release();
            _turnstile.Release();
        });
    }

    private void LeaveShared()
    {
        // Never long: while live writes are inside nobody holds _count waiting for the room.
        _count.Wait();
        try
        {
            if (--_inside == 0)
            {
                _room.Release();
            }
        }
        finally
        {
            _count.Release();
        }
    }

    private sealed class Release(Action release) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                release();
            }
        }
    }
}
