using Customer360.Core.Storage;
using Customer360.Ingestion.Nats.Client;
using Customer360.Ingestion.Nats.JetStream;

namespace Customer360.Ingestion.Nats;

/// <summary>
/// JetStream mode: fetch a batch from the durable pull consumer, store it, then `+ACK` each message. A batch the
/// store refuses is retried message by message: those that fail again are NAKed (redelivered later, with a growing
/// delay), and one that failed Nats:MaxDeliver deliveries (read from its ack subject) for a reason of its own goes
/// to the dead letters, then is acked. A store outage is never blamed on a message: it is NAKed again, however
/// often; the consumer has no server-side max_deliver, so nothing unacked is ever dropped.
/// </summary>
public sealed partial class NatsEventSource
{
    private static readonly TimeSpan NakDelay = TimeSpan.FromSeconds(1);

    private async Task RunJetStreamAsync(NatsConnection connection, CancellationToken stoppingToken)
    {
        var settings = new JetStreamSettings
        {
            Stream = _options.Stream,
            Subjects = _options.SubjectList,
            Durable = _options.DurableName,
            // The server never drops a message (unlimited deliveries): a message at "its last delivery" that we were
            // still holding when the process died would otherwise be gone for good (the soak lost hundreds of
            // events that way around full-disk periods). Nats:MaxDeliver is our own limit, counted from the
            // delivery count and applied only to failures of the message itself, never to store outages.
            MaxDeliver = -1,
            AckWait = TimeSpan.FromSeconds(_options.AckWaitSeconds),
        };
        var js = new JetStreamContext(connection);
        await using var consumer = await SetUpAsync(js, settings, stoppingToken);
        foreach (var subject in settings.Subjects)
        {
            NatsSourceLog.Subscribing(logger, subject, settings.Durable);
        }

        NatsSourceLog.Started(logger, _mode);
        var expires = TimeSpan.FromMilliseconds(_options.FetchExpiresMs);
        var lagCheckedAt = DateTime.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var started = DateTime.UtcNow;
                var messages = await consumer.FetchAsync(_options.BatchSize, expires, stoppingToken);
                if (messages.Count == 0 && DateTime.UtcNow - started < expires / 10)
                {
                    await Task.Delay(expires / 10, stoppingToken); // the server ended the pull at once (409...): do not hammer it
                }

                if (messages.Count > 0)
                {
                    await StoreAndAckAsync(connection, messages, stoppingToken);
                    _lag = (long)messages[^1].Metadata.Pending;
                }
                else if (DateTime.UtcNow - lagCheckedAt > TimeSpan.FromSeconds(2))
                {
                    lagCheckedAt = DateTime.UtcNow;
                    _lag = await consumer.GetPendingAsync(stoppingToken); // also notices a consumer deleted under us
                }
            }
            catch (JetStreamApiException e)
            {
                NatsSourceLog.FetchFailed(logger, e.Message);
                await SetUpAsync(js, settings, stoppingToken); // the stream or consumer went away (e.g. server store wiped)
            }
            catch (Exception e) when (e is NatsException or TimeoutException && !stoppingToken.IsCancellationRequested)
            {
                NatsSourceLog.FetchFailed(logger, e.Message);
                await Task.Delay(NakDelay, stoppingToken); // the client is reconnecting; nothing was acked
            }
        }
    }

    private async Task<JetStreamPullConsumer> SetUpAsync(JetStreamContext js, JetStreamSettings settings, CancellationToken stoppingToken)
    {
        while (true)
        {
            try
            {
                await js.CreateOrUpdateStreamAsync(settings, stoppingToken);
                var consumer = await js.CreateOrUpdateConsumerAsync(settings, _options.BatchSize, stoppingToken);
                var subjects = string.Join(",", settings.Subjects);
                NatsSourceLog.JetStreamReady(logger, settings.Stream, subjects, settings.Durable, _options.MaxDeliver, _options.AckWaitSeconds);
                return consumer;
            }
            catch (Exception e) when (e is JetStreamApiException or NatsException or TimeoutException && !stoppingToken.IsCancellationRequested)
            {
                NatsSourceLog.JetStreamSetupFailed(logger, e.Message);
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
            }
        }
    }

    private async Task StoreAndAckAsync(NatsConnection connection, IReadOnlyList<JetStreamMessage> messages, CancellationToken stoppingToken)
    {
        var batch = messages.Select(m => ToRaw(m.Message, m.Metadata.Timestamp)).ToList();
        try
        {
            await ingestor.IngestAsync(batch, stoppingToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            NatsSourceLog.BatchFailed(logger, batch.Count, e.Message);
            await StoreOneByOneAsync(messages, batch, e, stoppingToken);
            await connection.FlushAsync(stoppingToken);
            return;
        }

        foreach (var message in messages)
        {
            await message.AckAsync(stoppingToken); // committed: now, and only now, the server may forget it
        }

        await connection.FlushAsync(stoppingToken);
    }

    private async Task StoreOneByOneAsync(IReadOnlyList<JetStreamMessage> messages, List<Core.Events.RawMessage> batch, Exception batchError, CancellationToken stoppingToken)
    {
        for (var i = 0; i < messages.Count; i++)
        {
            var message = messages[i];
            var error = batchError;
            if (messages.Count > 1) // a batch of one already failed alone: no point in trying it again at once
            {
                try
                {
                    await ingestor.IngestAsync([batch[i]], stoppingToken);
                    await message.AckAsync(stoppingToken);
                    continue;
                }
                catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    error = e;
                }
            }

            if (message.Metadata.Delivered < _options.MaxDeliver || StoreOutage.Is(error))
            {
                await message.NakAsync(Backoff(message.Metadata.Delivered), stoppingToken);
            }
            else
            {
                await DeadLetterAsync(message, batch[i], error, stoppingToken);
            }
        }
    }

    /// <summary>1 s, 2 s, 4 s, ... (at most 30 s): a short store outage does not use up a message's deliveries.</summary>
    private static TimeSpan Backoff(long delivered) =>
        TimeSpan.FromTicks(Math.Min(NakDelay.Ticks << (int)Math.Clamp(delivered - 1, 0, 5), TimeSpan.FromSeconds(30).Ticks));

    /// <summary>
    /// Our delivery limit is used up by failures of the message itself: keep it as a dead letter (then ack). If the
    /// store refuses even the dead letter (an outage), the message stays ours (+WPI, no redelivery) and is tried
    /// again until the store takes it; if the process dies meanwhile, the server delivers it again (no server limit).
    /// </summary>
    private async Task DeadLetterAsync(JetStreamMessage message, Core.Events.RawMessage raw, Exception error, CancellationToken stoppingToken)
    {
        while (true)
        {
            if (!StoreOutage.Is(error))
            {
                var reason = $"nats: failed {message.Metadata.Delivered} deliveries (max_deliver {_options.MaxDeliver}): {error.Message}";
                try
                {
                    await writer.WriteAsync([new IngestItem(raw, null, reason)], stoppingToken);
                    await message.AckAsync(stoppingToken);
                    NatsSourceLog.DeadLettered(logger, message.Metadata.StreamSequence, message.Message.Subject, message.Metadata.Delivered);
                    return;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    NatsSourceLog.DeadLetterFailed(logger, message.Metadata.StreamSequence, e.Message);
                }
            }

            await message.InProgressAsync(stoppingToken);
            await Task.Delay(NakDelay, stoppingToken);
            try
            {
                await ingestor.IngestAsync([raw], stoppingToken);
                await message.AckAsync(stoppingToken);
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                error = e;
            }
        }
    }
}
