using System.Text.Json;
using Customer360.Ingestion.Nats.Client.Protocol;

namespace Customer360.Ingestion.Nats.Client;

/// <summary>Connect, handshake, read loop, PINGs, and reconnecting with backoff.</summary>
public sealed partial class NatsConnection
{
    private Task? _supervisor;
    private int _serverIndex;

    public async Task ConnectAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.CompareExchange(ref _state, (int)NatsConnectionState.Connecting, (int)NatsConnectionState.Disconnected) != (int)NatsConnectionState.Disconnected)
        {
            throw new InvalidOperationException($"ConnectAsync called in state {State}");
        }

        Exception? last = null;
        for (var i = 0; i < options.Servers.Count; i++)
        {
            try
            {
                _serverIndex = i;
                await EstablishAsync(options.Servers[i], cancellationToken);
                _supervisor = Task.Run(SuperviseAsync, CancellationToken.None);
                return;
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                last = ex;
                var shown = Redact(options.Servers[i]);
                NatsLog.ConnectFailed(options.Logger, shown, ex.Message);
            }
        }

        Interlocked.CompareExchange(ref _state, (int)NatsConnectionState.Disconnected, (int)NatsConnectionState.Connecting);
        throw new NatsException($"could not connect to any of {string.Join(", ", options.Servers.Select(Redact))}: {last?.Message}", inner: last);
    }

    /// <summary>TCP connect, INFO, CONNECT + PING, wait for PONG (or -ERR), then resubscribe and go live.</summary>
    private async Task EstablishAsync(string url, CancellationToken cancellationToken)
    {
        var server = NatsServerAddress.Parse(url);
        var transport = await NatsTransport.ConnectAsync(server.Host, server.Port, options.MaxPendingOutBytes, options.ConnectTimeout, cancellationToken);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.ConnectTimeout);
            var first = await ReadOpAsync(transport, timeout.Token);
            if (first.Kind != ServerOpKind.Info)
            {
                throw new NatsProtocolException($"expected INFO, got {first.Kind}");
            }

            ServerInfo = NatsServerInfo.Parse(first.Text!);
            var connect = JsonSerializer.Serialize(new
            {
                verbose = false,
                pedantic = false,
                tls_required = false,
                name = options.Name,
                lang = "csharp-customer360",
                version = "1.0.0",
                protocol = 1,
                headers = true,
                no_responders = true,
                user = server.User ?? options.User,
                pass = server.Password ?? options.Password,
                auth_token = options.Token,
            }, NatsServerInfo.Json);
            NatsProtocolWriter.Connect(transport.Output, connect);
            NatsProtocolWriter.Ping(transport.Output);
            await transport.Output.FlushAsync(timeout.Token);
            while (true)
            {
                var op = await ReadOpAsync(transport, timeout.Token);
                if (op.Kind == ServerOpKind.Pong)
                {
                    break;
                }

                if (op.Kind == ServerOpKind.Err)
                {
                    throw new NatsException($"server refused the connection: {op.Text}");
                }

                if (op.Kind == ServerOpKind.Ping)
                {
                    NatsProtocolWriter.Pong(transport.Output);
                    await transport.Output.FlushAsync(timeout.Token);
                }
            }

            await GoLiveAsync(transport, url, cancellationToken);
            var shown = Redact(url);
            NatsLog.Connected(options.Logger, shown, ServerInfo.Version, ServerInfo.JetStream);
        }
        catch
        {
            await transport.DisposeAsync();
            throw;
        }
    }

    private async Task GoLiveAsync(NatsTransport transport, string url, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            foreach (var sub in _subs.Values.OrderBy(s => s.Sid))
            {
                NatsProtocolWriter.Sub(transport.Output, sub.Subject, sub.QueueGroup, sub.Sid);
            }

            await transport.Output.FlushAsync(cancellationToken);
            _pingsOut = 0;
            ConnectedUrl = url;
            _transport = transport;
            if (!TrySetState(NatsConnectionState.Connected))
            {
                throw new NatsException("connection closed");
            }

            _connected.TrySetResult();
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Runs the read loop of each connection; when one ends, reconnects (until disposed).</summary>
    private async Task SuperviseAsync()
    {
        while (!_disposeCts.IsCancellationRequested)
        {
            var transport = _transport!;
            var pings = Task.Run(() => PingLoopAsync(transport), CancellationToken.None);
            string reason;
            try
            {
                await ReadLoopAsync(transport);
                reason = "closed";
            }
            catch (Exception ex)
            {
                reason = ex is OperationCanceledException ? "aborted" : ex.Message;
            }

            transport.Abort();
            await pings;
            await _writeLock.WaitAsync();
            try
            {
                _transport = null;
                _connected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                FailPongWaiters();
                TrySetState(NatsConnectionState.Reconnecting);
            }
            finally
            {
                _writeLock.Release();
            }

            await transport.DisposeAsync();
            if (_disposeCts.IsCancellationRequested)
            {
                return;
            }

            var lost = Redact(ConnectedUrl ?? "");
            NatsLog.Disconnected(options.Logger, lost, reason);
            if (!await ReconnectAsync())
            {
                return;
            }

            Reconnects++;
        }
    }

    /// <summary>Round robin over the servers; after each full pass a wait that doubles up to the maximum (no spin while all are down).</summary>
    private async Task<bool> ReconnectAsync()
    {
        var wait = options.ReconnectWait;
        var attempt = 0;
        while (!_disposeCts.IsCancellationRequested)
        {
            for (var i = 0; i < options.Servers.Count && !_disposeCts.IsCancellationRequested; i++)
            {
                _serverIndex = (_serverIndex + 1) % options.Servers.Count;
                var url = options.Servers[_serverIndex];
                try
                {
                    await EstablishAsync(url, _disposeCts.Token);
                    return true;
                }
                catch (Exception ex) when (!_disposeCts.IsCancellationRequested)
                {
                    var shown = Redact(url);
                    NatsLog.ReconnectFailed(options.Logger, ++attempt, shown, ex.Message);
                }
            }

            try
            {
                await Task.Delay(wait + TimeSpan.FromMilliseconds(Random.Shared.Next(0, (int)Math.Max(1, wait.TotalMilliseconds / 4))), _disposeCts.Token);
            }
            catch (OperationCanceledException)
            {
                return false;
            }

            wait = TimeSpan.FromTicks(Math.Min(wait.Ticks * 2, options.MaxReconnectWait.Ticks));
        }

        return false;
    }

    /// <summary>Moves to a new state unless the connection was closed meanwhile.</summary>
    private bool TrySetState(NatsConnectionState next)
    {
        while (true)
        {
            var current = Volatile.Read(ref _state);
            if (current == (int)NatsConnectionState.Closed)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _state, (int)next, current) == current)
            {
                return true;
            }
        }
    }

    private static string Redact(string url) => NatsServerAddress.Redact(url);
}
