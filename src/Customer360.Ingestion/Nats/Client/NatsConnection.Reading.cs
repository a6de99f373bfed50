using Customer360.Ingestion.Nats.Client.Protocol;

namespace Customer360.Ingestion.Nats.Client;

/// <summary>The read loop, dispatch of server operations, and the PING timer that detects dead connections.</summary>
public sealed partial class NatsConnection
{
    private int _pingsOut;

    private async Task<ServerOp> ReadOpAsync(NatsTransport transport, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await transport.Input.ReadAsync(cancellationToken);
            var buffer = result.Buffer;
            if (_parser.TryParse(ref buffer, out var op))
            {
                transport.Input.AdvanceTo(buffer.Start);
                return op!;
            }

            transport.Input.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted)
            {
                throw new IOException("server closed the connection");
            }
        }
    }

    private async Task ReadLoopAsync(NatsTransport transport)
    {
        var input = transport.Input;
        while (true)
        {
            var result = await input.ReadAsync(transport.Token);
            var buffer = result.Buffer;
            try
            {
                while (_parser.TryParse(ref buffer, out var op))
                {
                    await HandleAsync(transport, op!);
                }
            }
            finally
            {
                input.AdvanceTo(buffer.Start, buffer.End);
            }

            if (result.IsCompleted)
            {
                return;
            }
        }
    }

    private async ValueTask HandleAsync(NatsTransport transport, ServerOp op)
    {
        switch (op.Kind)
        {
            case ServerOpKind.Msg:
                if (_subs.TryGetValue(op.Sid, out var sub) && !sub.Deliver(op.Message!))
                {
                    var dropped = sub.Dropped;
                    if ((dropped & (dropped - 1)) == 0)
                    {
                        NatsLog.SlowConsumer(options.Logger, sub.Subject, dropped); // 1, 2, 4, 8...: visible, not a flood
                    }
                }

                break;
            case ServerOpKind.Ping:
                await _writeLock.WaitAsync(transport.Token);
                try
                {
                    NatsProtocolWriter.Pong(transport.Output);
                    await transport.Output.FlushAsync(transport.Token);
                }
                finally
                {
                    _writeLock.Release();
                }

                break;
            case ServerOpKind.Pong:
                Volatile.Write(ref _pingsOut, 0);
                if (_pongWaiters.TryDequeue(out var waiter))
                {
                    waiter?.TrySetResult();
                }

                break;
            case ServerOpKind.Err:
                LastError = op.Text;
                NatsLog.ServerError(options.Logger, op.Text ?? "");
                break;
            case ServerOpKind.Info:
                ServerInfo = NatsServerInfo.Parse(op.Text!);
                break;
        }
    }

    private async Task PingLoopAsync(NatsTransport transport)
    {
        using var timer = new PeriodicTimer(options.PingInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(transport.Token))
            {
                var outstanding = Volatile.Read(ref _pingsOut);
                if (outstanding >= options.MaxPingsOut)
                {
                    var shown = Redact(ConnectedUrl ?? "");
                    NatsLog.Stale(options.Logger, shown, outstanding);
                    transport.Abort();
                    return;
                }

                Interlocked.Increment(ref _pingsOut);
                await _writeLock.WaitAsync(transport.Token);
                try
                {
                    _pongWaiters.Enqueue(null); // keeps PONGs matched to PINGs in order
                    NatsProtocolWriter.Ping(transport.Output);
                    await transport.Output.FlushAsync(transport.Token);
                }
                finally
                {
                    _writeLock.Release();
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
