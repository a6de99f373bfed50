using System.Threading.Channels;
using Customer360.Core.Events;
using Customer360.Core.Ingestion;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;

namespace Customer360.Ingestion.RabbitMq;

/// <summary>
/// Turns the deliveries of one connection into batches: a batch is written when it is full or when its
/// oldest message has waited FlushIntervalMs. The delivery rule lives here: ack (multiple) only after
/// IngestAsync returned, i.e. after the store committed every message as event, duplicate or dead letter;
/// nack with requeue when the store failed.
/// </summary>
internal sealed class RabbitMqBatchPump(IConnection connection, IChannel channel, RabbitMqOptions options, IEventIngestor ingestor,
    ILogger logger, Func<long> currentGeneration)
{
    private static readonly TimeSpan HousekeepingInterval = TimeSpan.FromSeconds(2);

    public long? Lag { get; private set; }

    public async Task RunAsync(ChannelReader<RabbitMqDelivery> deliveries, CancellationToken cancellationToken)
    {
        var batch = new List<RabbitMqDelivery>(options.BatchSize);
        var flushInterval = TimeSpan.FromMilliseconds(options.FlushIntervalMs);
        var batchDeadline = DateTime.MaxValue;
        var nextHousekeeping = DateTime.UtcNow;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            while (batch.Count < options.BatchSize && deliveries.TryRead(out var delivery))
            {
                if (batch.Count == 0)
                {
                    batchDeadline = DateTime.UtcNow + flushInterval;
                }

                batch.Add(delivery);
            }

            var now = DateTime.UtcNow;
            if (now >= nextHousekeeping) // also while busy: the depth matters most under load
            {
                await HousekeepAsync();
                nextHousekeeping = now + HousekeepingInterval;
            }

            if (batch.Count >= options.BatchSize || (batch.Count > 0 && now >= batchDeadline))
            {
                await WriteAsync(batch, cancellationToken);
                batch.Clear();
                continue;
            }

            var wait = batch.Count > 0 ? batchDeadline - now : nextHousekeeping - now;
            await WaitForDeliveryAsync(deliveries, wait, cancellationToken);
        }
    }

    private async Task WriteAsync(List<RabbitMqDelivery> batch, CancellationToken cancellationToken)
    {
        var messages = new RawMessage[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            var d = batch[i];
            var exchange = d.Exchange.Length > 0 ? d.Exchange : options.Queue; // default exchange: routed by queue name
            messages[i] = new RawMessage(d.Body, "rabbitmq", $"rabbitmq:{exchange}/{d.RoutingKey}")
            {
                Tenant = options.Tenant,
                Dialect = options.Dialect,
                BrokerTime = d.BrokerTime,
            };
        }

        try
        {
            // Not cancelled by shutdown: a started batch finishes and is acked, so a clean stop redelivers nothing.
            await ingestor.IngestAsync(messages, CancellationToken.None);
        }
        catch (Exception ex)
        {
            logger.StoreFailed(ex, batch.Count);
            await SettleAsync(batch, ack: false);
            await Task.Delay(options.ReconnectDelayMs, cancellationToken); // a failing store is not hammered
            return;
        }

        await SettleAsync(batch, ack: true);
    }

    /// <summary>One multiple-ack (or nack) for the batch, skipping deliveries of an earlier connection.</summary>
    private async Task SettleAsync(List<RabbitMqDelivery> batch, bool ack)
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

    private static async Task WaitForDeliveryAsync(ChannelReader<RabbitMqDelivery> deliveries, TimeSpan wait, CancellationToken cancellationToken)
    {
        if (wait <= TimeSpan.Zero)
        {
            return;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(wait);
        try
        {
            await deliveries.WaitToReadAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // the wait ended: flush the partial batch or do housekeeping
        }
    }
}
