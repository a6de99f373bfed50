using Confluent.Kafka;
using Customer360.Core.Dialects;
using Customer360.Core.Ingestion;
using Customer360.Core.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Customer360.Ingestion.Kafka;

/// <summary>
/// Consumer group on the configured topics: read -> parse -> batch -> store transaction -> StoreOffset.
/// Batches are written on a writer task while this thread reads and parses the next. When nothing waits to be
/// written, what was read so far is handed over at once, so a trickle is written as it comes. With a backlog,
/// full batches (Kafka:BatchSize) are handed over while fewer than Kafka:BatchesWaiting wait, and the writer
/// applies them one after another in one transaction of up to Kafka:MaxTransactionEvents (KafkaStretchWriter):
/// long commits, with no batch held once applied. Offsets are stored only after their batch is committed
/// (EnableAutoOffsetStore=false; auto-commit sends what is stored), in order, so a crash re-reads at most the
/// uncommitted tail and event-id dedup makes that harmless. On a rebalance every batch is written and committed
/// before the partitions are given up.
/// </summary>
public sealed partial class KafkaEventSource(
    IOptions<KafkaOptions> options, EventParser parser, EventIngestor ingestor, KafkaRecordDecoder decoder,
    ILogger<KafkaEventSource> logger) : BackgroundService, ISourceHealth
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    // How long Consume may block: briefly while a write is in flight (its offsets are stored, and the next batch
    // handed over, when it returns), longer when there is nothing to wait for.
    private static readonly TimeSpan BusyPoll = TimeSpan.FromMilliseconds(2);
    private static readonly TimeSpan IdlePoll = TimeSpan.FromMilliseconds(100);

    private readonly KafkaOptions _options = options.Value;
    private readonly ILogger _logger = logger;
    private readonly KafkaLag _lag = new();
    private KafkaBatch _batch = new();
    private readonly KafkaWrites _writing = new();
    private readonly KafkaStretchWriter _writer = new(ingestor, options.Value.MaxTransactionEvents, options.Value.BatchesWaiting, options.Value.WritesInFlight);
    private volatile SourceState _state = SourceState.Starting;
    private volatile string? _detail;

    public SourceHealth GetHealth() => new("kafka", _state, _lag.Value, _detail);

    // librdkafka's Consume blocks: the loop gets its own thread instead of a pool thread.
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.Factory.StartNew(() => Run(stoppingToken), stoppingToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private void Run(CancellationToken stoppingToken)
    {
        KafkaNative.EnsureLoaded();
        using var consumer = Build();
        var topics = _options.TopicList();
        consumer.Subscribe(topics);
        KafkaSourceLog.Subscribed(_logger, _options.BootstrapServers, _options.GroupId, topics);
        var writer = Task.Run(_writer.RunAsync, CancellationToken.None);
        try
        {
            Consume(consumer, stoppingToken);
            Drain(consumer);
            consumer.Close(); // commits the stored offsets and leaves the group (the revoke handler runs first)
        }
        finally
        {
            _writer.Complete();
            writer.GetAwaiter().GetResult();
        }

        _state = SourceState.Stopped;
    }

    private void Consume(IConsumer<Ignore, byte[]> consumer, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            TopicPartitionOffset? current = null;
            try
            {
                var full = _batch.Count >= _options.BatchSize;
                if (full && !_writer.HasRoom)
                {
                    _writer.WaitForRoom(IdlePoll);
                }

                if (!Settle(consumer, waitForOne: false))
                {
                    stoppingToken.WaitHandle.WaitOne(RetryDelay);
                    continue;
                }

                if (_batch.Count > 0 && (_writer.Unapplied == 0 || (full && _writer.HasRoom)))
                {
                    Submit();
                }

                if (_batch.Count >= _options.BatchSize)
                {
                    continue; // no room yet: read nothing more until a batch is applied
                }

                var result = consumer.Consume(_writing.Count == 0 ? IdlePoll : BusyPoll);
                if (result?.Message is { } message)
                {
                    current = result.TopicPartitionOffset;
                    _state = SourceState.Connected;
                    _batch.Add(Read(result, message, stoppingToken), result.TopicPartitionOffset);
                }

                _lag.MaybeUpdate(consumer);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                // e.g. the schema registry is down: read the unwritten batch (and this record) again later.
                KafkaSourceLog.ConsumeFailed(_logger, ex);
                if (ex is KafkaException { Error.IsFatal: true })
                {
                    _state = SourceState.Disconnected;
                    throw;
                }

                Rewind(consumer, _batch.FirstOffsets(), current);
                stoppingToken.WaitHandle.WaitOne(RetryDelay);
            }
        }
    }

    /// <summary>Decodes (Avro) and parses one record on this thread, while the writer works on the batch before.</summary>
    private IngestItem Read(ConsumeResult<Ignore, byte[]> result, Message<Ignore, byte[]> message, CancellationToken cancellationToken)
    {
        var time = message.Timestamp.Type == TimestampType.NotAvailable ? (DateTimeOffset?)null : message.Timestamp.UtcDateTime;
        var pending = decoder.DecodeAsync(result.Topic, result.Partition.Value, result.Offset.Value, message.Value ?? [], time, cancellationToken);
        var (raw, rejection) = pending.IsCompletedSuccessfully ? pending.Result : pending.AsTask().GetAwaiter().GetResult(); // only a registry fetch waits
        var parsed = rejection is null ? parser.Parse(raw) : default;
        return new IngestItem(raw, parsed.Event, rejection ?? parsed.Rejection);
    }

    /// <summary>
    /// Hands the batch read so far to the writer; this thread goes on reading. Not cancellable: a stop waits for the
    /// transaction under way (about a second at most) rather than reading its batches again.
    /// </summary>
    private void Submit()
    {
        var batch = _batch;
        _batch = new KafkaBatch();
        _writing.Add(_writer.Write(batch), batch);
    }

    /// <summary>
    /// Stores the offsets of the writes that have returned, in order (KafkaWrites.Settle). A failed write drops the
    /// writes behind it and the batch read since, and seeks back to the failed one, so all are read again; false then.
    /// </summary>
    private bool Settle(IConsumer<Ignore, byte[]> consumer, bool waitForOne)
    {
        if (_writing.Settle(waitForOne, static (s, next) => s.Source.StoreOffset(s.Consumer, next), (Source: this, Consumer: consumer)) is not { } failure)
        {
            return true;
        }

        KafkaSourceLog.WriteFailed(_logger, failure.Error, failure.Records);
        Rewind(consumer, failure.ReadAgainFrom.Concat(_batch.FirstOffsets()));
        return false;
    }

    private void StoreOffset(IConsumer<Ignore, byte[]> consumer, TopicPartitionOffset next)
    {
        try
        {
            consumer.StoreOffset(next);
        }
        catch (KafkaException ex)
        {
            // The partition was taken away meanwhile: its new owner reads from the last commit; dedup absorbs it.
            KafkaSourceLog.OffsetsNotStored(_logger, $"{next}: {ex.Error.Reason}");
        }
    }

    /// <summary>Writes what is in flight and what was read since, storing offsets; false if a write failed (all are read again).</summary>
    private bool Drain(IConsumer<Ignore, byte[]> consumer)
    {
        if (_batch.Count > 0)
        {
            Submit();
        }

        while (_writing.Count > 0)
        {
            if (!Settle(consumer, waitForOne: true))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Seeks every partition back to the earliest of the given offsets (plus the record that failed); drops the unwritten batch.</summary>
    private void Rewind(IConsumer<Ignore, byte[]> consumer, IEnumerable<TopicPartitionOffset> firsts, TopicPartitionOffset? current = null)
    {
        foreach (var first in KafkaWrites.EarliestPerPartition(firsts.Append(current)))
        {
            try
            {
                consumer.Seek(first);
            }
            catch (KafkaException ex)
            {
                KafkaSourceLog.OffsetsNotStored(_logger, $"seek {first}: {ex.Error.Reason}");
            }
        }

        _batch = new KafkaBatch();
    }
}
