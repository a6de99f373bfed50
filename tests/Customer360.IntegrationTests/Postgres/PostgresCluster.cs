using System.Globalization;
using Customer360.IntegrationTests.Infrastructure;
using Npgsql;

namespace Customer360.IntegrationTests.Postgres;

/// <summary>
/// A throwaway PostgreSQL 15 cluster for one test run: initdb into a temp dir, its own port and socket dir,
/// fsync off, stopped (immediate) at the end and killed by PID if that fails. Tests each get their own database.
/// </summary>
public sealed class PostgresCluster : IAsyncLifetime
{
    private const string Bin = "/usr/lib/postgresql/15/bin";
    private static readonly bool IsRoot = Environment.UserName == "root";
    private string _root = "";
    private int _databases;

    public int Port { get; private set; }

    private string DataDir => Path.Combine(_root, "data");

    public async Task InitializeAsync()
    {
        _root = Directory.CreateTempSubdirectory("c360-pg-").FullName;
        Port = FreePort.Next();
        if (IsRoot)
        {
            // initdb refuses to run as root: the cluster belongs to the postgres user.
            await ExternalProcess.RunAsync("chown", ["postgres:postgres", _root]);
        }

        await RunAsync("initdb", ["-D", DataDir, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-locale", "--no-sync"]);
        await RunAsync("pg_ctl", ["-D", DataDir, "-l", Path.Combine(_root, "postgres.log"), "-w", "-t", "60", "-o",
            $"-p {Port} -k {_root} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c listen_addresses=127.0.0.1 -c max_connections=200", "start"]);
    }

    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Maximum Pool Size=20";

    /// <summary>A new, empty database; its connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = $"c360_{Interlocked.Increment(ref _databases)}_{Guid.NewGuid():N}";
        await using var c = new NpgsqlConnection(ConnectionString("postgres") + ";Pooling=false");
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand($"CREATE DATABASE {name}", c);
        await cmd.ExecuteNonQueryAsync();
        return ConnectionString(name);
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        try
        {
            await RunAsync("pg_ctl", ["-D", DataDir, "-m", "immediate", "-w", "stop"]);
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException)
        {
            KillPostmaster();
        }

        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // best effort: a temp dir
        }
    }

    private void KillPostmaster()
    {
        var pidFile = Path.Combine(DataDir, "postmaster.pid");
        if (File.Exists(pidFile) && int.TryParse(File.ReadLines(pidFile).First(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
        {
            using var p = System.Diagnostics.Process.GetProcessById(pid);
            p.Kill(entireProcessTree: true);
        }
    }

    private static Task<string> RunAsync(string tool, string[] args) => IsRoot
        ? ExternalProcess.RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(Bin, tool), .. args])
        : ExternalProcess.RunAsync(Path.Combine(Bin, tool), args);
}
