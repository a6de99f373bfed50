using System.Net.Http.Json;
using System.Text.Json;

namespace Customer360.IntegrationTests.Infrastructure;

/// <summary>
/// The real service (`c360 serve`) as a child process on a free port with its own database file, so tests
/// can kill -9 it mid-stream and start it again on the same file.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private ExternalProcess? _process;

    private ServiceProcess(string dbPath, int port, IDictionary<string, string?> env)
    {
        DbPath = dbPath;
        Port = port;
        Env = env;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
    }

    public string DbPath { get; }
    public int Port { get; }
    public IDictionary<string, string?> Env { get; }
    public HttpClient Http { get; }
    public string Output => _process?.Output ?? "";
    public ExternalProcess? Process => _process;

    /// <summary>Starts `c360 serve` with the given environment (e.g. KAFKA_ENABLED=true) and waits for /health.</summary>
    public static async Task<ServiceProcess> StartAsync(IDictionary<string, string?>? env = null, string? dbPath = null)
    {
        var db = dbPath ?? Path.Combine(Directory.CreateTempSubdirectory("c360-it-").FullName, "customer360.db");
        var service = new ServiceProcess(db, FreePort.Next(), env ?? new Dictionary<string, string?>());
        await service.RestartAsync();
        return service;
    }

    public async Task RestartAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }

        var dll = Path.Combine(AppContext.BaseDirectory, "c360.dll");
        _process = ExternalProcess.Start("dotnet", [dll, "serve", "--db", DbPath, "--urls", $"http://127.0.0.1:{Port}"], Env);
        await Poll.UntilAsync(async () =>
        {
            if (_process.HasExited)
            {
                throw new ServiceExitedException($"c360 serve exited with {_process.ExitCode}:\n{_process.Output}");
            }

            using var r = await Http.GetAsync("/health");
            return r.IsSuccessStatusCode;
        }, TimeSpan.FromSeconds(60), "c360 serve to become healthy");
    }

    public void KillHard() => _process?.KillHard();

    public Task StopAsync() => _process?.StopAsync() ?? Task.CompletedTask;

    public async Task<JsonElement?> GetJsonAsync(string path, string? tenant = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (tenant is not null)
        {
            request.Headers.Add("X-Tenant-Id", tenant);
        }

        using var response = await Http.SendAsync(request);
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }

        Http.Dispose();
    }
}

/// <summary>Not one of the errors Poll retries on: a service that exited will not become healthy, so the test fails at once.</summary>
public sealed class ServiceExitedException(string message) : Exception(message);
