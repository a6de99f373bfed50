using System.Collections.Concurrent;
using System.Globalization;

namespace Customer360.Ingestion.Nats.Client;

/// <summary>Request/reply over one wildcard inbox subscription (`_INBOX.&lt;id&gt;.*`), replies matched by token.</summary>
public sealed partial class NatsConnection
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource<NatsMessage>> _requests = new();
    private readonly SemaphoreSlim _inboxLock = new(1, 1);
    private readonly string _inboxPrefix = "_INBOX." + Guid.NewGuid().ToString("N");
    private NatsSubscription? _inbox;
    private long _nextRequest;

    public async Task<NatsMessage> RequestAsync(string subject, ReadOnlyMemory<byte> data, TimeSpan timeout, NatsHeaders? headers = null, CancellationToken cancellationToken = default)
    {
        await EnsureInboxAsync(cancellationToken);
        var token = Interlocked.Increment(ref _nextRequest).ToString(CultureInfo.InvariantCulture);
        var reply = new TaskCompletionSource<NatsMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        _requests[token] = reply;
        try
        {
            await PublishAsync(subject, data, headers, _inboxPrefix + "." + token, cancellationToken);
            var message = await reply.Task.WaitAsync(timeout, cancellationToken);
            if (message.Headers?.StatusCode == 503)
            {
                throw new NatsException($"no responders on {subject}", 503);
            }

            return message;
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"no reply on {subject} within {timeout.TotalSeconds:0.###} s");
        }
        finally
        {
            _requests.TryRemove(token, out _);
        }
    }

    private async Task EnsureInboxAsync(CancellationToken cancellationToken)
    {
        if (_inbox is not null)
        {
            return;
        }

        await _inboxLock.WaitAsync(cancellationToken);
        try
        {
            if (_inbox is null)
            {
                var sub = new NatsSubscription(this, Interlocked.Increment(ref _nextSid), _inboxPrefix + ".*", null, 1, OnReply);
                await AddSubscriptionAsync(sub, cancellationToken);
                _inbox = sub;
            }
        }
        finally
        {
            _inboxLock.Release();
        }
    }

    private void OnReply(NatsMessage message)
    {
        var token = message.Subject[(_inboxPrefix.Length + 1)..];
        if (_requests.TryRemove(token, out var waiter))
        {
            waiter.TrySetResult(message);
        }
    }
}
