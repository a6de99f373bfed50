using System.Threading.Channels;
using Customer360.Core.Dialects;
using Customer360.Core.Events;
using Customer360.Core.Ingestion;
using Customer360.Core.Storage;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;

namespace Customer360.Ingestion.RabbitMq;

/// <summary>
/// Turns the deliveries of one connection into batches. One batch is written at a time, on a pool thread, while
/// this loop parses the deliveries that arrive meanwhile; the next batch is handed over as soon as the write
/// returns, holding what arrived (up to BatchSize): a backlog drains in large transactions, a trickle is written
/// as it comes. The delivery rule lives here: ack (multiple) only after the write returned, i.e. after the store
/// committed every message of the batch as event, duplicate or dead letter; nack with requeue when it failed.
/// Batches are written and settled in delivery order, so a multiple-ack never covers an unwritten message.
/// </summary>
internal sealed class RabbitMqBatchPump(IConnection connection, IChannel channel, RabbitMqOptions options, EventParser parser,
    IEventIngestor ingestor, ILogger logger, Func<long> currentGeneration)
{
    private static readonly TimeSpan HousekeepingInterval = TimeSpan.FromSeconds(2);

    public long? Lag { get; private set; }

    public async Task RunAsync(ChannelReader<RabbitMqDelivery> deliveries, CancellationToken cancellationToken)
    {
        var batch = new Batch();
        Writing? writing = null;
        var nextHousekeeping = DateTime.UtcNow;
        try
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (writing is not null && (writing.Task.IsCompleted || batch.Count >= options.BatchSize))
                {
                    var written = writing;
                    writing = null;
                    await SettleAsync(written, cancellationToken);
                }

                if (writing is null && batch.Count > 0)
                {
                    var items = batch.Items;
                    // Not cancelled by shutdown: a started batch finishes and is acked, so a clean stop redelivers nothing.
                    writing = new Writing(Task.Run(() => ingestor.WriteAsync(items, CancellationToken.None), CancellationToken.None), batch);
                    batch = new Batch();
                }

                while (batch.Count < options.BatchSize && deliveries.TryRead(out var delivery))
                {
                    batch.Add(delivery, Parse(delivery));
                }

                var now = DateTime.UtcNow;
                if (now >= nextHousekeeping) // also while busy: the depth matters most under load
                {
                    await HousekeepAsync();
                    nextHousekeeping = now + HousekeepingInterval;
                }

                if (writing is null && batch.Count > 0)
                {
                    continue; // the writer is idle: hand the batch over now
                }

                await WaitAsync(deliveries, batch.Count < options.BatchSize, writing?.Task, nextHousekeeping - now, cancellationToken);
            }
        }
        finally
        {
            if (writing is not null)
            {
                await SettleAsync(writing, CancellationToken.None); // the rest is unacked: redelivered after the stop
            }
        }
    }

    private IngestItem Parse(RabbitMqDelivery d)
    {
        var exchange = d.Exchange.Length > 0 ? d.Exchange : options.Queue; // default exchange: routed by queue name
        var raw = new RawMessage(d.Body, "rabbitmq", $"rabbitmq:{exchange}/{d.RoutingKey}")
        {
            Tenant = options.Tenant,
            Dialect = options.Dialect,
            BrokerTime = d.BrokerTime,
        };
        var parsed = parser.Parse(raw);
        return new IngestItem(raw, parsed.Event, parsed.Rejection);
    }

    /// <summary>Acks the written batch (multiple), or nacks it with requeue when the store failed.</summary>
    private async Task SettleAsync(Writing writing, CancellationToken cancellationToken)
    {
        try
        {
            await writing.Task;
        }
        catch (Exception ex)
        {
            logger.StoreFailed(ex, writing.Batch.Count);
            await AckAsync(writing.Batch.Deliveries, ack: false);
            if (!cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(options.ReconnectDelayMs, cancellationToken); // a failing store is not hammered
            }

            return;
        }

        await AckAsync(writing.Batch.Deliveries, ack: true);
    }

    /// <summary>One multiple-ack (or nack) for the batch, skipping deliveries of an earlier connection.</summary>
    private async Task AckAsync(List<RabbitMqDelivery> batch, bool ack)
    {
        var generation = currentGeneration();
        var last = batch.FindLastIndex(d => d.Generation == generation);
        var stale = batch.Count(d => d.Generation != generation);
        if (stale > 0)
        {
            logger.StaleDeliveries(stale);
        }

        if (last < 0)
        {
            return;
        }

        try
        {
            if (ack)
            {
                await channel.BasicAckAsync(batch[last].DeliveryTag, multiple: true, CancellationToken.None);
            }
            else
            {
                await channel.BasicNackAsync(batch[last].DeliveryTag, multiple: true, requeue: true, CancellationToken.None);
            }
        }
        catch (Exception ex)
        {
            logger.AckFailed(ex, batch.Count - stale);
        }
    }

    /// <summary>
    /// Queue depth for /health. What automatic recovery does not repair, a channel the broker closed, is
    /// rebuilt by the caller (the exception says so). The depth probe is a passive declare: when the queue
    /// was deleted under us it closes the channel (404), and the rebuild declares the queue again.
    /// </summary>
    private async Task HousekeepAsync()
    {
        if (channel.IsClosed && connection.IsOpen)
        {
            throw new InvalidOperationException($"RabbitMQ channel closed by the broker: {channel.CloseReason?.ReplyText}");
        }

        if (channel.IsOpen)
        {
            try
            {
                Lag = await channel.MessageCountAsync(options.Queue, CancellationToken.None);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Lag = null; // depth unknown while reconnecting
            }
        }
    }

    /// <summary>Until a delivery arrives (when the batch has room), the write in flight returns, or `wait` passes.</summary>
    private static async Task WaitAsync(ChannelReader<RabbitMqDelivery> deliveries, bool room, Task? write, TimeSpan wait, CancellationToken cancellationToken)
    {
        if (wait <= TimeSpan.Zero)
        {
            return;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(wait);
        var arrival = room ? deliveries.WaitToReadAsync(timeout.Token).AsTask() : Task.Delay(Timeout.Infinite, timeout.Token);
        await Task.WhenAny(arrival, write ?? Task.Delay(Timeout.Infinite, timeout.Token));
        timeout.Cancel(); // ends whichever wait is still pending
        cancellationToken.ThrowIfCancellationRequested();
    }

    /// <summary>Deliveries read and parsed, not yet handed to the store.</summary>
    private sealed class Batch
    {
        public List<RabbitMqDelivery> Deliveries { get; } = [];

        public List<IngestItem> Items { get; } = [];

        public int Count => Items.Count;

        public void Add(RabbitMqDelivery delivery, IngestItem item)
        {
            Deliveries.Add(delivery);
            Items.Add(item);
        }
    }

    private sealed record Writing(Task Task, Batch Batch);
}
