using Confluent.Kafka;
using Customer360.Core.Dialects;
using Customer360.Core.Ingestion;
using Customer360.Core.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Customer360.Ingestion.Kafka;

/// <summary>
/// Consumer group on the configured topics: read -> batch -> one store transaction -> StoreOffset. Offsets
/// are stored only after the write returned (EnableAutoOffsetStore=false; auto-commit sends what is
/// stored), so a crash re-reads at most the uncommitted tail and event-id dedup makes that harmless. On a
/// rebalance the in-flight batch is written and committed before the partitions are given up.
/// </summary>
public sealed partial class KafkaEventSource(
    IOptions<KafkaOptions> options, EventParser parser, EventIngestor ingestor, KafkaRecordDecoder decoder,
    ILogger<KafkaEventSource> logger) : BackgroundService, ISourceHealth
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);
    private readonly KafkaOptions _options = options.Value;
    private readonly ILogger _logger = logger;
    private readonly KafkaBatch _batch = new();
    private readonly KafkaLag _lag = new();
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
        var maxWait = TimeSpan.FromMilliseconds(Math.Max(1, _options.BatchMaxWaitMs));
        while (!stoppingToken.IsCancellationRequested)
        {
            TopicPartitionOffset? current = null;
            try
            {
                var wait = _batch.Count == 0 ? maxWait : maxWait - _batch.Age;
                var result = consumer.Consume(wait > TimeSpan.Zero ? wait : TimeSpan.Zero);
                if (result?.Message is { } message)
                {
                    current = result.TopicPartitionOffset;
                    _state = SourceState.Connected;
                    var time = message.Timestamp.Type == TimestampType.NotAvailable ? (DateTimeOffset?)null : message.Timestamp.UtcDateTime;
                    var pending = decoder.DecodeAsync(result.Topic, result.Partition.Value, result.Offset.Value, message.Value ?? [], time, stoppingToken);
                    var decoded = pending.IsCompletedSuccessfully ? pending.Result : pending.AsTask().GetAwaiter().GetResult(); // only a registry fetch waits
                    _batch.Add(decoded, result.TopicPartitionOffset);
                }

                if (_batch.Count >= _options.BatchSize || (_batch.Count > 0 && _batch.Age >= maxWait))
                {
                    Flush(consumer, stoppingToken);
                }

                _lag.MaybeUpdate(consumer);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                // e.g. the schema registry is down: store nothing of this batch, read it (and this record) again later.
                KafkaSourceLog.ConsumeFailed(_logger, ex);
                if (ex is KafkaException { Error.IsFatal: true })
                {
                    _state = SourceState.Disconnected;
                    throw;
                }

                Rewind(consumer, current);
                stoppingToken.WaitHandle.WaitOne(RetryDelay);
            }
        }

        Flush(consumer, CancellationToken.None);
        consumer.Close(); // commits the stored offsets and leaves the group (the revoke handler runs first)
        _state = SourceState.Stopped;
    }

    /// <summary>Writes the batch; only when that returned are its offsets stored. Returns false if the write failed.</summary>
    private bool Flush(IConsumer<Ignore, byte[]> consumer, CancellationToken cancellationToken)
    {
        if (_batch.Count == 0)
        {
            return true;
        }

        var items = new IngestItem[_batch.Count];
        for (var i = 0; i < items.Length; i++)
        {
            var (raw, rejection) = _batch.Records[i];
            var parsed = rejection is null ? parser.Parse(raw) : default;
            items[i] = new IngestItem(raw, parsed.Event, rejection ?? parsed.Rejection);
        }

        try
        {
            ingestor.WriteAsync(items, cancellationToken).GetAwaiter().GetResult();
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            KafkaSourceLog.WriteFailed(_logger, ex, items.Length);
            Rewind(consumer);
            cancellationToken.WaitHandle.WaitOne(RetryDelay);
            return false;
        }

        foreach (var next in _batch.NextOffsets())
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

        _batch.Clear();
        return true;
    }

    private void Rewind(IConsumer<Ignore, byte[]> consumer, TopicPartitionOffset? current = null)
    {
        var seeks = _batch.FirstOffsets().ToList();
        if (current is not null && seeks.TrueForAll(s => s.TopicPartition != current.TopicPartition))
        {
            seeks.Add(current); // the record being decoded when it failed is not in the batch yet
        }

        foreach (var first in seeks)
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

        _batch.Clear();
    }
}
