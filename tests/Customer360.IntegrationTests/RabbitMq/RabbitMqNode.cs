using System.Globalization;
using Customer360.IntegrationTests.Infrastructure;

namespace Customer360.IntegrationTests.RabbitMq;

/// <summary>
/// A throwaway RabbitMQ node from the Debian package: its own node name, AMQP and distribution ports,
/// data, log, config and Erlang cookie (HOME) in a temp directory, so it never meets the system's default
/// node (running, stopped or failed). Started in the foreground as a child process, stopped with
/// `rabbitmqctl stop` and then by PID. Restartable on the same data (durable queues survive).
/// </summary>
public sealed class RabbitMqNode : IAsyncDisposable
{
    private const string Bin = "/usr/lib/rabbitmq/bin";
    private readonly Dictionary<string, string?> _env;
    private ExternalProcess? _process;

    private RabbitMqNode(string dir, string nodeName, int port)
    {
        Directory = dir;
        NodeName = nodeName;
        Port = port;
        var distPort = FreePort.Next();
        foreach (var sub in new[] { "home", "mnesia", "log" })
        {
            System.IO.Directory.CreateDirectory(Path.Combine(dir, sub));
        }

        // No listeners in the config: RABBITMQ_NODE_PORT / NODE_IP_ADDRESS decide them.
        File.WriteAllText(Path.Combine(dir, "rabbitmq.conf"), "loopback_users.guest = true\nlog.console = false\nlog.file.level = info\n");
        File.WriteAllText(Path.Combine(dir, "enabled_plugins"), "[].\n");
        File.WriteAllText(Path.Combine(dir, "rabbitmq-env.conf"), ""); // instead of /etc/rabbitmq/rabbitmq-env.conf
        _env = new Dictionary<string, string?>
        {
            ["HOME"] = Path.Combine(dir, "home"), // own .erlang.cookie
            ["RABBITMQ_NODENAME"] = nodeName,
            ["RABBITMQ_NODE_IP_ADDRESS"] = "127.0.0.1",
            ["RABBITMQ_NODE_PORT"] = port.ToString(CultureInfo.InvariantCulture),
            ["RABBITMQ_DIST_PORT"] = distPort.ToString(CultureInfo.InvariantCulture),
            ["RABBITMQ_MNESIA_BASE"] = Path.Combine(dir, "mnesia"),
            ["RABBITMQ_LOG_BASE"] = Path.Combine(dir, "log"),
            ["RABBITMQ_CONFIG_FILE"] = Path.Combine(dir, "rabbitmq.conf"),
            ["RABBITMQ_ADVANCED_CONFIG_FILE"] = Path.Combine(dir, "advanced.config"),
            ["RABBITMQ_CONF_ENV_FILE"] = Path.Combine(dir, "rabbitmq-env.conf"),
            ["RABBITMQ_ENABLED_PLUGINS_FILE"] = Path.Combine(dir, "enabled_plugins"),
            ["RABBITMQ_PID_FILE"] = PidFile,
        };
    }

    public string Directory { get; }
    public string NodeName { get; }
    public int Port { get; }
    public string AmqpUrl => $"amqp://guest:guest@127.0.0.1:{Port}/";
    private string PidFile => Path.Combine(Directory, "rabbitmq.pid");

    public static async Task<RabbitMqNode> StartAsync()
    {
        if (!File.Exists(Path.Combine(Bin, "rabbitmq-server")))
        {
            throw new InvalidOperationException("rabbitmq-server is not installed: run scripts/install-prerequisites.sh");
        }

        var dir = System.IO.Directory.CreateTempSubdirectory("c360-rabbitmq-").FullName;
        var node = new RabbitMqNode(dir, $"c360-{Guid.NewGuid().ToString("N")[..10]}@localhost", FreePort.Next());
        await node.StartAgainAsync();
        return node;
    }

    /// <summary>Starts the node (first time or after <see cref="StopAsync"/>) and waits until it accepts AMQP.</summary>
    public async Task StartAgainAsync()
    {
        File.Delete(PidFile);
        _process = ExternalProcess.Start(Path.Combine(Bin, "rabbitmq-server"), [], _env, Directory);
        try
        {
            await Ctl(TimeSpan.FromSeconds(120), "wait", PidFile, "--timeout", "110");
        }
        catch (Exception ex)
        {
            throw new InvalidOperationException($"RabbitMQ node {NodeName} did not start: {ex.Message}\n{_process.Output}\n{ReadLog()}", ex);
        }
    }

    /// <summary>Graceful stop (`rabbitmqctl stop`), then kill -9 of the node process if anything is left.</summary>
    public async Task StopAsync()
    {
        if (_process is null)
        {
            return;
        }

        if (!_process.HasExited)
        {
            try
            {
                await Ctl(TimeSpan.FromSeconds(60), "stop", PidFile);
            }
            catch (Exception ex) when (ex is InvalidOperationException or TimeoutException)
            {
                // the kill below is the fallback
            }
        }

        if (File.Exists(PidFile) && int.TryParse(File.ReadAllText(PidFile).Trim(), out var pid))
        {
            try
            {
                using var beam = System.Diagnostics.Process.GetProcessById(pid);
                beam.Kill(entireProcessTree: true);
                beam.WaitForExit(10_000);
            }
            catch (ArgumentException)
            {
                // already gone
            }
        }

        await _process.DisposeAsync();
        _process = null;
    }

    public Task<string> Ctl(TimeSpan timeout, params string[] args) =>
        ExternalProcess.RunAsync(Path.Combine(Bin, "rabbitmqctl"), ["-n", NodeName, .. args], _env, timeout, Directory);

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // a temp dir left behind is harmless
        }
    }

    private string ReadLog()
    {
        var log = Path.Combine(Directory, "log", NodeName + ".log");
        return File.Exists(log) ? string.Join('\n', File.ReadLines(log).TakeLast(40)) : "(no log)";
    }
}
