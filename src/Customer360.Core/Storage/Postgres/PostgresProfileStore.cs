using System.Data;
using Customer360.Core.Ingestion;
using Customer360.Core.Profiles;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Customer360.Core.Storage.Postgres;

/// <summary>
/// The scale-out store: any number of Customer360 instances share one PostgreSQL database. Each batch is one
/// READ COMMITTED transaction that advisory-locks the customers it touches (see PostgresProjectionSession), so
/// concurrent instances give the result one instance would; a deadlock or a concurrent duplicate restarts the batch.
/// </summary>
public sealed partial class PostgresProfileStore : IProfileStore
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly BatchApplier _applier;
    private readonly PostgresOptions _options;
    private readonly ILogger _logger;
    private readonly Identity.IdentityOptions _identity;

    public PostgresProfileStore(PostgresOptions options, ProjectionOptions projection, Identity.IdentityOptions? identity = null, ILogger<PostgresProfileStore>? logger = null)
    {
        var builder = new NpgsqlConnectionStringBuilder(options.ConnectionString);
        if (builder.MaxAutoPrepare == 0)
        {
            builder.MaxAutoPrepare = 64; // the write path repeats the same few statements: let PostgreSQL plan them once per connection
        }

        _dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
        _identity = identity ?? new Identity.IdentityOptions();
        _applier = new BatchApplier(new Projector(projection), _identity);
        _options = options;
        _logger = logger ?? NullLogger<PostgresProfileStore>.Instance;
    }

    /// <summary>The schema version after InitializeAsync (0 before).</summary>
    public int SchemaVersion { get; private set; }

    public async Task InitializeAsync(CancellationToken cancellationToken) =>
        SchemaVersion = await PostgresSchema.MigrateAsync(_dataSource, cancellationToken);

    public Task<IReadOnlyList<IngestOutcome>> WriteBatchAsync(IReadOnlyList<IngestItem> batch, CancellationToken cancellationToken) =>
        WriteAsync(batch, appendToLog: true, cancellationToken);

    public async Task ReprojectAsync(IReadOnlyList<IngestItem> items, CancellationToken cancellationToken) =>
        await WriteAsync(items, appendToLog: false, cancellationToken);

    private async Task<IReadOnlyList<IngestOutcome>> WriteAsync(IReadOnlyList<IngestItem> batch, bool appendToLog, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return [];
        }

        try
        {
            return await WriteWithRetriesAsync(batch, appendToLog, cancellationToken);
        }
        catch (PostgresException ex) when (appendToLog && IsRefusedValue(ex))
        {
            // A value PostgreSQL refuses and PostgresValues does not clean must not block the rest: halve the batch
            // until the one event is found, and dead-letter it with PostgreSQL's reason.
            if (batch.Count > 1)
            {
                var half = batch.Count / 2;
                var first = await WriteAsync(batch.Take(half).ToList(), appendToLog, cancellationToken);
                var second = await WriteAsync(batch.Skip(half).ToList(), appendToLog, cancellationToken);
                return [.. first, .. second];
            }

            return [await RefuseAsync(batch[0], $"the PostgreSQL store refused it: {ex.MessageText}", cancellationToken)];
        }
    }

    private async Task<IngestOutcome> RefuseAsync(IngestItem item, string reason, CancellationToken cancellationToken)
    {
        PostgresLog.Refused(_logger, item.Event?.EventId, reason);
        if (item.RetriesDeadLetterId is { } id)
        {
            await RecordDeadLetterRetryAsync(id, reason, cancellationToken);
            return new IngestOutcome(IngestStatus.Rejected, item.Event?.EventId, null, reason, id);
        }

        var outcome = (await WriteWithRetriesAsync([new IngestItem(item.Raw, null, reason)], true, cancellationToken))[0];
        return outcome with { EventId = item.Event?.EventId };
    }

    private async Task<IReadOnlyList<IngestOutcome>> WriteWithRetriesAsync(IReadOnlyList<IngestItem> batch, bool appendToLog, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await WriteOnceAsync(batch, appendToLog, cancellationToken);
            }
            catch (Exception ex) when (IsTransient(ex) && attempt < _options.MaxAttempts)
            {
                // The transaction is rolled back and its locks released by now; wait a little so the colliding batches de-synchronise.
                PostgresLog.Retrying(_logger, attempt, batch.Count, ex.Message);
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(5, 20 * attempt)), cancellationToken);
            }
        }
    }

    private async Task<IReadOnlyList<IngestOutcome>> WriteOnceAsync(IReadOnlyList<IngestItem> batch, bool appendToLog, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken);
        if (appendToLog)
        {
            await WaitForRebuildsAsync(connection, tx, cancellationToken); // a reprojection runs inside its own rebuild: it must not wait
        }

        var queue = new PostgresWriteQueue(connection, tx);
        var session = new PostgresProjectionSession(queue, _identity);
        await session.PrepareAsync(batch, appendToLog, cancellationToken);
        var outcomes = _applier.Apply(session, batch, appendToLog);
        await queue.FlushAsync(cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return outcomes;
    }

    /// <summary>Deadlock, serialization failure, or an event another instance logged meanwhile: the batch can simply run again.</summary>
    private static bool IsTransient(Exception ex) =>
        ex is PostgresConcurrentDuplicateException
        || ex is PostgresException { SqlState: PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure };

    /// <summary>Data exceptions (class 22) and program limits (54000, e.g. a too large tsvector) are about a value, not the database.</summary>
    private static bool IsRefusedValue(PostgresException ex) => ex.SqlState.StartsWith("22", StringComparison.Ordinal) || ex.SqlState == "54000";

    public async Task ResetProjectionAsync(CancellationToken cancellationToken)
    {
        await using var cmd = _dataSource.CreateCommand($"TRUNCATE {PostgresSchema.ProjectionTables}");
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task PingAsync(CancellationToken cancellationToken)
    {
        await using var cmd = _dataSource.CreateCommand("SELECT 1");
        await cmd.ExecuteScalarAsync(cancellationToken);
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}
