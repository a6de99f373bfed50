namespace Customer360.Core.Storage.Sqlite;

public sealed partial class SqliteProfileStore
{
    /// <summary>
    /// Nothing to take: one process owns a SQLite store's writes (one write connection), and in that process the
    /// WriteGate already keeps live batches out of a rebuild. The rebuild's own ReprojectAsync takes the write lock
    /// per batch, so holding that lock here would block the rebuild itself.
    /// </summary>
    public Task<IAsyncDisposable> EnterRebuildAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IAsyncDisposable>(NoRebuildLock.Instance);

    private sealed class NoRebuildLock : IAsyncDisposable
    {
        public static readonly NoRebuildLock Instance = new();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
