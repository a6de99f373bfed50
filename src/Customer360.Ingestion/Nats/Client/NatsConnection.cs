using System.Buffers;
using System.Collections.Concurrent;
using Customer360.Ingestion.Nats.Client.Protocol;

namespace Customer360.Ingestion.Nats.Client;

/// <summary>
/// Our NATS client (core protocol over one TCP connection with System.IO.Pipelines). Writes are serialised
/// by one lock into the transport's outgoing pipe; one read loop parses and dispatches. Connection loss,
/// a dead server (unanswered PINGs) or a protocol error leads to reconnecting across the server list with
/// backoff, and every live subscription is sent again. This file: the public operations.
/// </summary>
public sealed partial class NatsConnection(NatsConnectionOptions options) : INatsConnection
{
    private readonly ConcurrentDictionary<long, NatsSubscription> _subs = new();
    private readonly ConcurrentQueue<TaskCompletionSource?> _pongWaiters = new();
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly CancellationTokenSource _disposeCts = new();
    private readonly NatsProtocolParser _parser = new();
    private TaskCompletionSource _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private NatsTransport? _transport;
    private long _nextSid;
    private int _state = (int)NatsConnectionState.Disconnected;

    public NatsConnectionState State => (NatsConnectionState)Volatile.Read(ref _state);

    public NatsServerInfo? ServerInfo { get; private set; }

    public string? ConnectedUrl { get; private set; }

    /// <summary>The last -ERR the server sent.</summary>
    public string? LastError { get; private set; }

    /// <summary>How many times a lost connection was re-established.</summary>
    public int Reconnects { get; private set; }

    public ValueTask PublishAsync(string subject, ReadOnlyMemory<byte> data, NatsHeaders? headers = null, string? replyTo = null, CancellationToken cancellationToken = default)
    {
        NatsProtocolWriter.ValidateSubject(subject, allowWildcards: false);
        if (ServerInfo is { } info && data.Length > info.MaxPayload)
        {
            throw new NatsException($"payload of {data.Length} bytes exceeds the server's max_payload {info.MaxPayload}");
        }

        return SendAsync((subject, replyTo, headers, data), static (w, s) => NatsProtocolWriter.Pub(w, s.subject, s.replyTo, s.headers, s.data.Span), cancellationToken);
    }

    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        var pong = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await SendAsync((this, pong), static (w, s) =>
        {
            s.Item1._pongWaiters.Enqueue(s.pong); // PONGs come back in PING order
            NatsProtocolWriter.Ping(w);
        }, cancellationToken);
        await pong.Task.WaitAsync(cancellationToken);
    }

    public async Task<INatsSubscription> SubscribeAsync(string subject, string? queueGroup = null, CancellationToken cancellationToken = default)
    {
        var sub = new NatsSubscription(this, Interlocked.Increment(ref _nextSid), subject, queueGroup, options.SubscriptionCapacity);
        await AddSubscriptionAsync(sub, cancellationToken);
        return sub;
    }

    public string NewInbox() => "_INBOX." + Guid.NewGuid().ToString("N");

    public async Task DrainAsync(CancellationToken cancellationToken)
    {
        var subs = _subs.Values.ToList();
        if (_transport is not null)
        {
            try
            {
                await SendAsync(subs, static (w, s) => s.ForEach(sub => NatsProtocolWriter.Unsub(w, sub.Sid)), cancellationToken);
                await FlushAsync(cancellationToken); // every MSG sent before our UNSUBs is now in the channels
            }
            catch (NatsException)
            {
                // connection already gone: what was delivered is still handed out below
            }
        }

        foreach (var sub in subs)
        {
            _subs.TryRemove(sub.Sid, out _);
            sub.Complete();
        }

        await Task.WhenAll(subs.Select(s => s.Messages.Completion)).WaitAsync(cancellationToken);
        await DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _state, (int)NatsConnectionState.Closed) == (int)NatsConnectionState.Closed)
        {
            return;
        }

        await _disposeCts.CancelAsync();
        _transport?.Abort();
        if (_supervisor is not null)
        {
            await _supervisor.ContinueWith(static _ => { }, TaskScheduler.Default);
        }

        if (_transport is { } t)
        {
            await t.DisposeAsync();
        }

        foreach (var sub in _subs.Values)
        {
            sub.Complete();
        }

        FailPongWaiters();
        _connected.TrySetException(new NatsException("connection closed"));
        _connected.Task.Exception?.Handle(_ => true);
    }

    internal async ValueTask UnsubscribeAsync(NatsSubscription sub)
    {
        await _writeLock.WaitAsync();
        try
        {
            if (_subs.TryRemove(sub.Sid, out _) && _transport is { IsAborted: false } t)
            {
                NatsProtocolWriter.Unsub(t.Output, sub.Sid);
                await t.Output.FlushAsync();
            }
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private async Task AddSubscriptionAsync(NatsSubscription sub, CancellationToken cancellationToken)
    {
        NatsProtocolWriter.ValidateSubject(sub.Subject, allowWildcards: true);
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            _subs[sub.Sid] = sub; // sent now if connected, else by the (re)connect that is under way
            if (_transport is { IsAborted: false } t)
            {
                NatsProtocolWriter.Sub(t.Output, sub.Subject, sub.QueueGroup, sub.Sid);
                await t.Output.FlushAsync(cancellationToken);
            }
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Writes under the lock to the current transport, waiting through reconnects.</summary>
    private async ValueTask SendAsync<TState>(TState state, Action<IBufferWriter<byte>, TState> write, CancellationToken cancellationToken)
    {
        while (true)
        {
            var transport = await WaitConnectedAsync(cancellationToken);
            await _writeLock.WaitAsync(cancellationToken);
            try
            {
                if (!ReferenceEquals(transport, _transport) || transport.IsAborted)
                {
                    continue;
                }

                write(transport.Output, state);
                var result = await transport.Output.FlushAsync(cancellationToken);
                if (result.IsCompleted)
                {
                    throw new NatsException("connection lost while sending");
                }

                return;
            }
            finally
            {
                _writeLock.Release();
            }
        }
    }

    private async Task<NatsTransport> WaitConnectedAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (State == NatsConnectionState.Closed)
            {
                throw new NatsException("connection closed");
            }

            if (_transport is { IsAborted: false } t)
            {
                return t;
            }

            var connected = _connected.Task;
            if (connected.IsCompleted)
            {
                // the transport just died and the supervisor has not yet swapped in a fresh signal
                await Task.Delay(10, cancellationToken);
                continue;
            }

            await connected.WaitAsync(cancellationToken);
        }
    }

    private void FailPongWaiters()
    {
        while (_pongWaiters.TryDequeue(out var waiter))
        {
            waiter?.TrySetException(new NatsException("connection lost before the server answered"));
        }
    }
}
