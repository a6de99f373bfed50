using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Customer360.Bench.Nats;

/// <summary>nats-server with JetStream on a free port and temp dir, stopped by PID.</summary>
public sealed class BenchServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _dir;

    private BenchServer(Process process, string dir, int port)
    {
        _process = process;
        _dir = dir;
        Url = $"nats://127.0.0.1:{port}";
    }

    public string Url { get; }

    public static async Task<BenchServer> StartAsync()
    {
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        var dir = Directory.CreateTempSubdirectory("c360-nats-bench-").FullName;
        var psi = new ProcessStartInfo("/usr/sbin/nats-server", ["-a", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-js", "-sd", dir])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        var process = Process.Start(psi)!;
        while (await process.StandardError.ReadLineAsync() is { } line && !line.Contains("Server is ready", StringComparison.Ordinal))
        {
        }

        _ = process.StandardError.ReadToEndAsync();
        return new BenchServer(process, dir, port);
    }

    public ValueTask DisposeAsync()
    {
        _process.Kill();
        _process.WaitForExit();
        Directory.Delete(_dir, recursive: true);
        return ValueTask.CompletedTask;
    }
}
