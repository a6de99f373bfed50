using Customer360.Core.Ingestion;
using Customer360.Core.Profiles;
using Microsoft.Data.Sqlite;

namespace Customer360.Core.Storage.Sqlite;

/// <summary>
/// The embedded store: one SQLite file in WAL mode. One write connection (SQLite has one writer anyway)
/// behind a lock, prepared statements reused across batches; reads use pooled connections and never
/// wait for writes.
/// </summary>
public sealed partial class SqliteProfileStore : IProfileStore
{
    private readonly string _connectionString;
    private readonly BatchApplier _applier;
    private readonly SqliteTimelineEntries _timeline;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly SqliteReadPool _reads;
    private SqliteConnection? _writer;
    private SqliteProjectionSession? _session;
    private SqliteCheckpointer? _checkpointer;

    // A transaction takes queued batches until it holds this many events (GroupCommit): a backlog's batches chain
    // into commits of up to 40,000 events. Store harness, 300k telecom events: transactions of 8,000 -> 62k events/s,
    // 20,000 -> 88k, 40,000 -> 110k (bench/README.md).
    private const int MaxTransactionEvents = 40_000;
    private readonly GroupCommit _groups;
    private readonly TimeSpan _checkpointInterval;
    private readonly int _profileCacheSize;
    private readonly int _cacheMb;

    public SqliteProfileStore(SqliteOptions options, ProjectionOptions projection, Identity.IdentityOptions? identity = null)
    {
        var full = Path.GetFullPath(options.Path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        DatabasePath = full;
        _vacuumOnErase = options.VacuumOnErase;
        _checkpointInterval = options.CheckpointInterval;
        _profileCacheSize = options.ProfileCacheSize;
        _cacheMb = options.CacheMb;
        _connectionString = new SqliteConnectionStringBuilder { DataSource = full, Pooling = true, DefaultTimeout = 30 }.ToString();
        _reads = new SqliteReadPool(_connectionString);
        _groups = new GroupCommit(_writeLock, MaxTransactionEvents, IsStoreFailure);
        var projector = new Projector(projection);
        _applier = new BatchApplier(projector, identity ?? new Identity.IdentityOptions());
        _timeline = new SqliteTimelineEntries(projector);
    }

    public string DatabasePath { get; }

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            if (_writer is not null)
            {
                return;
            }

            var writer = new SqliteConnection(_connectionString);
            writer.Open();
            Pragma(writer, "PRAGMA busy_timeout = 10000; PRAGMA synchronous = NORMAL; PRAGMA temp_store = MEMORY; PRAGMA cache_size = -" + (_cacheMb * 1024L) + ";");
            SqliteSchema.Migrate(writer);

            // Checkpoints run beside the writer (SqliteCheckpointer), never inside a commit. The WAL file is cut
            // back to 64 MB when it restarts after a burst.
            Pragma(writer, "PRAGMA wal_autocheckpoint = 0; PRAGMA journal_size_limit = 67108864;");
            _checkpointer = new SqliteCheckpointer(_connectionString, _writeLock, _checkpointInterval);
            _session = new SqliteProjectionSession(writer, _profileCacheSize);
            _writer = writer;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public Task<IReadOnlyList<IngestOutcome>> WriteBatchAsync(IReadOnlyList<IngestItem> batch, CancellationToken cancellationToken) =>
        batch.Count == 0 ? Task.FromResult<IReadOnlyList<IngestOutcome>>([]) : _groups.WriteAsync(batch, () => new WriteTransaction(this, appendToLog: true), cancellationToken);

    public async Task ReprojectAsync(IReadOnlyList<IngestItem> items, CancellationToken cancellationToken)
    {
        if (items.Count == 0)
        {
            return;
        }

        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            Write(items, appendToLog: false);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>One transaction; the caller holds the write lock.</summary>
    private IReadOnlyList<IngestOutcome> Write(IReadOnlyList<IngestItem> batch, bool appendToLog) =>
        IGroupTransaction.WriteAlone(() => new WriteTransaction(this, appendToLog), batch);

    /// <summary>
    /// The file itself failing (busy past the timeout, locked, full, read-only, I/O, gone): every batch of a group
    /// would fail the same way, so none is retried alone.
    /// </summary>
    private static bool IsStoreFailure(Exception ex) =>
        ex is SqliteException { SqliteErrorCode: 5 or 6 or 8 or 10 or 13 or 14 or 26 };

    public async Task ResetProjectionAsync(CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            var writer = _writer ?? throw new InvalidOperationException("store not initialized");
            using var tx = writer.BeginTransaction();
            using var cmd = writer.CreateCommand();
            cmd.Transaction = tx;
            cmd.CommandText = string.Concat(SqliteSchema.ProjectionTables.Select(t => $"DELETE FROM {t};"));
            cmd.ExecuteNonQuery();
            tx.Commit();
            _session?.Discard();
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Before taking the lock: a pass in progress may be waiting for it.
        if (_checkpointer is not null)
        {
            await _checkpointer.DisposeAsync();
            _checkpointer = null;
        }

        await _writeLock.WaitAsync();
        try
        {
            _reads.Dispose();
            _session?.Dispose();
            if (_writer is not null)
            {
                Pragma(_writer, "PRAGMA optimize;");
                await _writer.DisposeAsync();
                _writer = null;
            }
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>The writer connection's PRAGMA cache_size (negative: KiB), to check what the options set.</summary>
    internal async Task<long> WriterCacheSizeAsync(CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            using var cmd = (_writer ?? throw new InvalidOperationException("store not initialized")).CreateCommand();
            cmd.CommandText = "PRAGMA cache_size";
            return (long)cmd.ExecuteScalar()!;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private SqliteConnection OpenReader()
    {
        var c = new SqliteConnection(_connectionString);
        c.Open();
        return c;
    }

    private static void Pragma(SqliteConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }
}
