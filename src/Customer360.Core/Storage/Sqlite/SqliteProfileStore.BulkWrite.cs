using Customer360.Core.Ingestion;

namespace Customer360.Core.Storage.Sqlite;

public sealed partial class SqliteProfileStore
{
    /// <summary>
    /// Holds the write lock from here until the stretch is committed or rolled back: the stretch is one transaction on
    /// the single write connection. Between stretches the lock is free, so the checkpointer and this process's other
    /// writers get their turn.
    /// </summary>
    public async Task<IBulkWrite?> BeginBulkWriteAsync(CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            return new BulkWrite(this, new WriteTransaction(this, appendToLog: true));
        }
        catch
        {
            _writeLock.Release();
            throw;
        }
    }

    private sealed class BulkWrite(SqliteProfileStore store, WriteTransaction transaction) : IBulkWrite
    {
        private int _ended;

        public Task<IReadOnlyList<IngestOutcome>> ApplyAsync(IReadOnlyList<IngestItem> items, CancellationToken cancellationToken)
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _ended) != 0, this);
            cancellationToken.ThrowIfCancellationRequested();
            return Task.FromResult(transaction.Apply(items));
        }

        public async Task CommitAsync(CancellationToken cancellationToken)
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _ended) != 0, this);
            transaction.Commit();
            await DisposeAsync();
        }

        public ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _ended, 1) == 0)
            {
                try
                {
                    transaction.Dispose(); // rolls back unless committed
                }
                finally
                {
                    store._writeLock.Release();
                }
            }

            return ValueTask.CompletedTask;
        }
    }
}
