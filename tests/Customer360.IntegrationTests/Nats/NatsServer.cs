using System.Globalization;
using Customer360.IntegrationTests.Infrastructure;

namespace Customer360.IntegrationTests.Nats;

/// <summary>
/// A real nats-server (Debian package) as a child process on a free port with JetStream in a temp dir;
/// stopped by PID. Can be restarted on the same port and store, and frozen (SIGSTOP) to look dead.
/// </summary>
public sealed class NatsServer : IAsyncDisposable
{
    private readonly string[] _extraArgs;
    private ExternalProcess? _process;

    private NatsServer(int port, string storeDir, string[] extraArgs)
    {
        Port = port;
        StoreDir = storeDir;
        _extraArgs = extraArgs;
    }

    public int Port { get; }

    public string StoreDir { get; }

    public string Url => $"nats://127.0.0.1:{Port}";

    public int Pid => _process?.Pid ?? 0;

    public static async Task<NatsServer> StartAsync(bool jetStream = true, params string[] extraArgs)
    {
        var dir = Directory.CreateTempSubdirectory("c360-nats-").FullName;
        var server = new NatsServer(FreePort.Next(), dir, jetStream ? ["-js", "-sd", dir, .. extraArgs] : extraArgs);
        await server.RestartAsync();
        return server;
    }

    public async Task RestartAsync()
    {
        await StopAsync();
        var process = ExternalProcess.Start("/usr/sbin/nats-server", ["-a", "127.0.0.1", "-p", Port.ToString(CultureInfo.InvariantCulture), .. _extraArgs]);
        _process = process;
        await Poll.UntilAsync(() =>
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"nats-server exited {process.ExitCode}:\n{process.Output}");
            }

            return Task.FromResult(process.Output.Contains("Server is ready", StringComparison.Ordinal));
        }, TimeSpan.FromSeconds(30), "nats-server to be ready");
    }

    /// <summary>kill -9 by PID: the clients see the connection drop.</summary>
    public Task StopAsync()
    {
        _process?.KillHard();
        _process = null;
        return Task.CompletedTask;
    }

    /// <summary>SIGSTOP / SIGCONT: the socket stays open but nothing answers, like a hung server or a dead link.</summary>
    public Task FreezeAsync() => Signal("-STOP");

    public Task ThawAsync() => Signal("-CONT");

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            await ThawAsync();
            await _process.DisposeAsync();
        }

        try
        {
            Directory.Delete(StoreDir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private Task Signal(string signal) =>
        ExternalProcess.RunAsync("kill", [signal, Pid.ToString(CultureInfo.InvariantCulture)]);
}
