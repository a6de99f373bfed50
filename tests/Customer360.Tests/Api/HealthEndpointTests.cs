using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Customer360.Tests.Ingestion;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Customer360.Tests.Api;

/// <summary>GET /health over HTTP: 200 healthy, 200 degraded with its reasons, back to healthy when the cause passes.</summary>
public sealed class HealthEndpointTests : IAsyncLifetime
{
    private readonly ManualTime _time = new(DateTimeOffset.UtcNow);
    private readonly ApiFactory _api = new(settings: new Dictionary<string, string?>
    {
        ["Health:MaxDeadLetters"] = "2",
        ["Health:WindowSeconds"] = "30",
        ["Logging:LogLevel:Default"] = "Warning",
    });

    private Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Server.Program> _app = null!;

    public Task InitializeAsync()
    {
        _app = _api.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(_time)));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _api.DisposeAsync();
    }

    private async Task<(HttpStatusCode Code, JsonElement Body)> HealthAsync()
    {
        using var response = await _app.CreateClient().GetAsync("/health");
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    [Fact]
    public async Task Dead_letters_arriving_faster_than_the_threshold_turn_health_degraded_until_the_window_passes()
    {
        var (code, body) = await HealthAsync();
        Assert.Equal((HttpStatusCode.OK, "healthy"), (code, body.GetProperty("status").GetString()));

        using var post = await _app.CreateClient().PostAsync("/api/events", JsonContent.Create(new object[] { new { a = 1 }, new { b = 2 }, new { c = 3 } }));
        Assert.Equal(HttpStatusCode.Accepted, post.StatusCode);

        (code, body) = await HealthAsync();
        Assert.Equal((HttpStatusCode.OK, "degraded"), (code, body.GetProperty("status").GetString()));
        Assert.Equal("dead letters growing fast: 3 in the last 30 s (threshold 2)", Assert.Single(body.GetProperty("reasons").EnumerateArray()).GetString());
        Assert.Equal(3, body.GetProperty("deadLetters").GetProperty("recent").GetInt32());

        _time.Advance(TimeSpan.FromSeconds(31));
        (code, body) = await HealthAsync();
        Assert.Equal((HttpStatusCode.OK, "healthy"), (code, body.GetProperty("status").GetString()));
        Assert.Empty(body.GetProperty("reasons").EnumerateArray());
    }
}
