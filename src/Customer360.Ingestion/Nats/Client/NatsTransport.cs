using System.IO.Pipelines;
using System.Net.Sockets;

namespace Customer360.Ingestion.Nats.Client;

/// <summary>
/// One TCP connection: a PipeReader over the socket for the parser, and a bounded outgoing Pipe drained by
/// a writer loop (many small PUBs coalesce into few socket writes). Aborting it wakes every waiter.
/// </summary>
internal sealed class NatsTransport : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly Pipe _outgoing;
    private readonly CancellationTokenSource _cts = new();
    private readonly Task _writeLoop;

    private NatsTransport(Socket socket, long maxPendingOutBytes)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
        Input = PipeReader.Create(_stream, new StreamPipeReaderOptions(bufferSize: 64 * 1024, minimumReadSize: 16 * 1024));
        _outgoing = new Pipe(new PipeOptions(
            pauseWriterThreshold: maxPendingOutBytes,
            resumeWriterThreshold: maxPendingOutBytes / 2,
            useSynchronizationContext: false));
        _writeLoop = Task.Run(WriteLoopAsync);
    }

    public PipeReader Input { get; }

    public PipeWriter Output => _outgoing.Writer;

    public CancellationToken Token => _cts.Token;

    public bool IsAborted => _cts.IsCancellationRequested;

    public static async Task<NatsTransport> ConnectAsync(string host, int port, long maxPendingOutBytes, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            cts.CancelAfter(timeout);
            await socket.ConnectAsync(host, port, cts.Token);
            return new NatsTransport(socket, maxPendingOutBytes);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Drops the connection: the read loop ends, pending flushes complete as failed.</summary>
    public void Abort()
    {
        if (_cts.IsCancellationRequested)
        {
            return;
        }

        try
        {
            _cts.Cancel();
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // already closed by the peer
        }
    }

    public async ValueTask DisposeAsync()
    {
        Abort();
        try
        {
            await _writeLoop;
        }
        catch (OperationCanceledException)
        {
        }

        await Input.CompleteAsync();
        await _outgoing.Writer.CompleteAsync();
        await _stream.DisposeAsync();
        _cts.Dispose();
    }

    private async Task WriteLoopAsync()
    {
        var reader = _outgoing.Reader;
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync(_cts.Token);
                foreach (var segment in result.Buffer)
                {
                    await _stream.WriteAsync(segment, _cts.Token);
                }

                reader.AdvanceTo(result.Buffer.End);
                if (result.IsCompleted)
                {
                    break;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            Abort();
        }
        finally
        {
            await reader.CompleteAsync(); // writers waiting on a full pipe see IsCompleted instead of hanging
        }
    }
}
