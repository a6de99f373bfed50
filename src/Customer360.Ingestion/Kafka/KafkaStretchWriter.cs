using System.Threading.Channels;
using Customer360.Core.Ingestion;
using Customer360.Core.Storage;

namespace Customer360.Ingestion.Kafka;

/// <summary>
/// Writes the source's batches in order on one writer task, in stretches (IBulkWrite) of up to `maxEvents`: a batch's
/// task completes when the stretch holding it commits, and its parsed events are let go as soon as it is applied. So a
/// backlog commits in long transactions without holding them in memory, and `batchesWaiting` bounds only the batches
/// that wait to be applied. A stretch ends when it is full or when no batch waits behind it: a source that has caught
/// up commits each batch as it comes. A stretch that fails fails all its batches, and the source reads them again
/// from the broker (KafkaWrites). With a store that has no long transactions, each batch is written alone on a pool
/// thread, up to `writesAtOnce` at once, and holds its events until then.
/// </summary>
internal sealed class KafkaStretchWriter(IEventIngestor ingestor, int maxEvents, int batchesWaiting, int writesAtOnce)
{
    private const int Unknown = 0, InStretches = 1, Alone = 2;

    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly object _room = new();
    private readonly List<Pending> _inStretch = [];
    private IBulkWrite? _stretch;
    private int _mode = Unknown; // known at the first write; read by the source's thread
    private int _events;
    private int _unapplied;

    /// <summary>Batches handed over and not yet applied (or, without long transactions, not yet written).</summary>
    public int Unapplied => Volatile.Read(ref _unapplied);

    /// <summary>How many batches may be unapplied: waiting for the stretch, or written at once by a store without long transactions.</summary>
    public int MaxUnapplied => Volatile.Read(ref _mode) == Alone ? writesAtOnce : batchesWaiting;

    /// <summary>Whether another full batch may be handed over now.</summary>
    public bool HasRoom => Unapplied < MaxUnapplied;

    /// <summary>Hands a batch over; the task completes once it is committed, or fails if its stretch did.</summary>
    public Task Write(KafkaBatch batch)
    {
        var pending = new Pending(batch);
        Interlocked.Increment(ref _unapplied);
        if (!_queue.Writer.TryWrite(pending))
        {
            throw new InvalidOperationException("the Kafka writer has stopped");
        }

        return pending.Done.Task;
    }

    /// <summary>Blocks while there is no room for another batch, at most for `timeout`.</summary>
    public void WaitForRoom(TimeSpan timeout)
    {
        lock (_room)
        {
            if (!HasRoom)
            {
                Monitor.Wait(_room, timeout);
            }
        }
    }

    /// <summary>No more batches: RunAsync commits what it holds and returns.</summary>
    public void Complete() => _queue.Writer.TryComplete();

    public async Task RunAsync()
    {
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync())
        {
            while (reader.TryRead(out var next))
            {
                if (_mode != Alone && _stretch is null && !await TryBeginAsync(next))
                {
                    continue;
                }

                if (_mode == Alone)
                {
                    WriteAlone(next);
                    continue;
                }

                await ApplyAsync(next);
                if (_events >= maxEvents || !reader.TryPeek(out _))
                {
                    await CommitAsync();
                }
            }
        }

        await CommitAsync();
    }

    private async Task<bool> TryBeginAsync(Pending next)
    {
        try
        {
            _stretch = await ingestor.BeginBulkWriteAsync(CancellationToken.None);
            Volatile.Write(ref _mode, _stretch is null ? Alone : InStretches);
            return true;
        }
        catch (Exception ex)
        {
            // The store cannot begin a transaction: this batch fails, and is read again.
            next.Done.SetException(ex);
            Applied();
            return false;
        }
    }

    private async Task ApplyAsync(Pending next)
    {
        try
        {
            await _stretch!.ApplyAsync(next.Batch.Items, CancellationToken.None);
            _inStretch.Add(next);
            _events += next.Batch.Count;
        }
        catch (Exception ex)
        {
            _inStretch.Add(next);
            await FailAsync(ex);
        }
        finally
        {
            next.Batch.ReleaseItems(); // applied (or to be read again): nothing needs its events any more
            Applied();
        }
    }

    private async Task CommitAsync()
    {
        if (_stretch is not { } stretch)
        {
            return;
        }

        _stretch = null;
        try
        {
            await stretch.CommitAsync(CancellationToken.None); // ends the stretch, committed or not
        }
        catch (Exception ex)
        {
            await FailAsync(ex);
            return;
        }

        foreach (var p in _inStretch)
        {
            p.Done.SetResult();
        }

        _inStretch.Clear();
        _events = 0;
    }

    private async Task FailAsync(Exception error)
    {
        if (_stretch is { } stretch)
        {
            _stretch = null;
            try
            {
                await stretch.DisposeAsync(); // rolled back
            }
            catch (Exception)
            {
                // The transaction went with its connection; its batches fail below either way.
            }
        }

        foreach (var p in _inStretch)
        {
            p.Done.SetException(error);
        }

        _inStretch.Clear();
        _events = 0;
    }

    private void WriteAlone(Pending next) => _ = Task.Run(async () =>
    {
        try
        {
            await ingestor.WriteAsync(next.Batch.Items, CancellationToken.None);
            next.Done.SetResult();
        }
        catch (Exception ex)
        {
            next.Done.SetException(ex);
        }
        finally
        {
            Applied();
        }
    });

    private void Applied()
    {
        Interlocked.Decrement(ref _unapplied);
        lock (_room)
        {
            Monitor.PulseAll(_room);
        }
    }

    private sealed class Pending(KafkaBatch batch)
    {
        public KafkaBatch Batch { get; } = batch;

        // Completed on the writer task; the source's continuations must not run on it.
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
