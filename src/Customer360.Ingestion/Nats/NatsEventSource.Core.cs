using Customer360.Core.Events;
using Customer360.Ingestion.Nats.Client;

namespace Customer360.Ingestion.Nats;

/// <summary>Core mode: queue-group subscriptions, batches to the store; on shutdown drain what already arrived.</summary>
public sealed partial class NatsEventSource
{
    private volatile INatsSubscription[] _subscriptions = []; // replaced whole: health reads it from other threads

    private async Task RunCoreAsync(NatsConnection connection, CancellationToken stoppingToken)
    {
        var subscriptions = new List<INatsSubscription>();
        foreach (var subject in _options.SubjectList)
        {
            NatsSourceLog.Subscribing(logger, subject, _options.QueueGroup);
            subscriptions.Add(await connection.SubscribeAsync(subject, _options.QueueGroup, stoppingToken));
        }

        _subscriptions = [.. subscriptions];

        NatsSourceLog.Started(logger, _mode);
        using var hardStop = new CancellationTokenSource();
        var consumers = _subscriptions.Select(s => Task.Run(() => ConsumeAsync(s, hardStop.Token), CancellationToken.None)).ToList();
        try
        {
            await Task.Delay(Timeout.Infinite, stoppingToken);
        }
        catch (OperationCanceledException)
        {
            // drain: UNSUB, hand what arrived to the store, then close
            hardStop.CancelAfter(TimeSpan.FromSeconds(10));
            try
            {
                await connection.DrainAsync(hardStop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or NatsException)
            {
                foreach (var s in subscriptions)
                {
                    ((NatsSubscription)s).Complete();
                }
            }

            await Task.WhenAll(consumers);
            throw;
        }
    }

    private async Task ConsumeAsync(INatsSubscription subscription, CancellationToken hardStop)
    {
        var reader = subscription.Messages;
        var batch = new List<RawMessage>(_options.BatchSize);
        try
        {
            while (await reader.WaitToReadAsync(hardStop))
            {
                while (batch.Count < _options.BatchSize && reader.TryRead(out var message))
                {
                    batch.Add(ToRaw(message, null));
                }

                await StoreWithRetryAsync(batch, hardStop);
                batch.Clear();
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Core NATS cannot redeliver: a failed store write is retried here (with backoff) rather than lost.</summary>
    private async Task StoreWithRetryAsync(List<RawMessage> batch, CancellationToken cancellationToken)
    {
        var wait = TimeSpan.FromMilliseconds(250);
        while (true)
        {
            try
            {
                await ingestor.IngestAsync(batch, cancellationToken);
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                NatsSourceLog.CoreBatchFailed(logger, batch.Count, e.Message, (long)wait.TotalMilliseconds);
                await Task.Delay(wait, cancellationToken);
                wait = TimeSpan.FromMilliseconds(Math.Min(wait.TotalMilliseconds * 2, 5000));
            }
        }
    }
}
