using Npgsql;

namespace Customer360.Core.Storage.Postgres;

/// <summary>
/// The writes of one transaction, held until a read needs them or the batch ends, then sent in one round trip
/// (an NpgsqlBatch, statements in order). The raw log and timeline rows, most of the volume, go as one
/// multi-row <c>unnest</c> insert each instead of a statement per event.
/// </summary>
internal sealed class PostgresWriteQueue(NpgsqlConnection connection, NpgsqlTransaction transaction)
{
    private readonly List<NpgsqlBatchCommand> _commands = [];
    private readonly List<NpgsqlBatchCommand> _eventCommands = [];
    private readonly PostgresRowSets.Events _events = new();
    private readonly PostgresRowSets.Timeline _timeline = new();
    private int _expectedEvents;
    private int _insertedEvents;

    public void Add(string sql, params NpgsqlParameter[] parameters)
    {
        Seal();
        _commands.Add(Command(sql, parameters));
    }

    public PostgresRowSets.Events Events => _events;

    public PostgresRowSets.Timeline Timeline => _timeline;

    /// <summary>Sends the pending writes, then `sql`, in one round trip; `read` sees the query's rows.</summary>
    public T Query<T>(string sql, NpgsqlParameter[] parameters, Func<NpgsqlDataReader, T> read)
    {
        using var batch = TakeBatch();
        batch.BatchCommands.Add(Command(sql, parameters));
        T result;
        using (var reader = batch.ExecuteReader())
        {
            // Queued writes and lock calls return no rows: the first result with columns is the query's.
            while (reader.FieldCount == 0 && reader.NextResult())
            {
            }

            result = read(reader);
            while (reader.NextResult())
            {
            }
        }

        CheckEvents();
        return result;
    }

    /// <summary>
    /// Sends the pending writes and then the queries in one round trip; each query's rows go to its callback. Only
    /// the queries return rows: queued writes and lock calls (CALL) return none.
    /// </summary>
    public async Task ReadAsync(IReadOnlyList<(string Sql, NpgsqlParameter[] Parameters, Action<NpgsqlDataReader> Read)> queries, CancellationToken cancellationToken)
    {
        await using var batch = TakeBatch();
        foreach (var (sql, parameters, _) in queries)
        {
            batch.BatchCommands.Add(Command(sql, parameters));
        }

        if (batch.BatchCommands.Count == 0)
        {
            return;
        }

        await using (var reader = await batch.ExecuteReaderAsync(cancellationToken))
        {
            var index = 0;
            do
            {
                if (reader.FieldCount == 0)
                {
                    continue;
                }

                var read = queries[index++].Read;
                while (await reader.ReadAsync(cancellationToken))
                {
                    read(reader);
                }
            }
            while (await reader.NextResultAsync(cancellationToken));
        }

        CheckEvents();
    }

    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        await using var batch = TakeBatch();
        if (batch.BatchCommands.Count > 0)
        {
            await batch.ExecuteNonQueryAsync(cancellationToken);
        }

        CheckEvents();
    }

    private NpgsqlBatch TakeBatch()
    {
        Seal();
        var batch = new NpgsqlBatch(connection, transaction);
        foreach (var c in _commands)
        {
            batch.BatchCommands.Add(c);
        }

        _commands.Clear();
        return batch;
    }

    /// <summary>Turns the pending row sets into statements, so later statements see those rows.</summary>
    private void Seal()
    {
        if (_events.Count > 0)
        {
            var c = _events.Take();
            _expectedEvents += c.Rows;
            _commands.Add(c.Command);
            _eventCommands.Add(c.Command);
        }

        if (_timeline.Count > 0)
        {
            _commands.Add(_timeline.Take());
        }
    }

    /// <summary>
    /// The log's dedup was decided from a read taken after this batch's customers were locked; another instance may
    /// still have logged one of these events under a customer this batch did not lock. Then the batch starts over.
    /// </summary>
    private void CheckEvents()
    {
        _insertedEvents += _eventCommands.Sum(c => c.RecordsAffected);
        _eventCommands.Clear();
        if (_insertedEvents != _expectedEvents)
        {
            throw new PostgresConcurrentDuplicateException($"{_expectedEvents - _insertedEvents} of this batch's events were logged by another writer meanwhile");
        }
    }

    internal static NpgsqlBatchCommand Command(string sql, NpgsqlParameter[] parameters)
    {
        var c = new NpgsqlBatchCommand(sql);
        c.Parameters.AddRange(parameters);
        return c;
    }
}
