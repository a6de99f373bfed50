using System.Net;
using Customer360.Server.Api;

namespace Customer360.Tests.Api;

/// <summary>With API keys configured every /api route needs a key, and a key sees only its tenant.</summary>
public sealed class ApiKeyTests : IAsyncLifetime
{
    private const string AcmeKey = "acme-key-0123456789";
    private const string GlobexKey = "globex-key-0123456789";
    private const string OperatorKey = "operator-key-0123456789";

    private readonly ApiFactory _api = new(settings: new Dictionary<string, string?>
    {
        ["Auth:ApiKeys:0:Key"] = AcmeKey, ["Auth:ApiKeys:0:Tenant"] = "acme",
        ["Auth:ApiKeys:1:Key"] = GlobexKey, ["Auth:ApiKeys:1:Tenant"] = "globex",
        ["Auth:ApiKeys:2:Key"] = OperatorKey, ["Auth:ApiKeys:2:Tenant"] = "*",
    });

    public async Task InitializeAsync()
    {
        using var response = await SendAsync(HttpMethod.Post, "/api/events", AcmeKey,
            """{"customer_id":"a1","event_type":"note","timestamp":1734000000,"source_service":"crm","data":{"content":"acme secret"}}""");
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    public async Task DisposeAsync() => await _api.DisposeAsync();

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? key, string? body = null, string? tenant = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        }

        if (key is not null)
        {
            request.Headers.Add("X-Api-Key", key);
        }

        if (tenant is not null)
        {
            request.Headers.Add("X-Tenant-Id", tenant);
        }

        return await _api.CreateClient().SendAsync(request);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-key-0123456789")]
    public async Task Without_a_valid_key_every_api_route_is_401(string? key)
    {
        foreach (var path in new[] { "/api/customers/a1", "/api/customers?q=acme", "/api/dead-letters", "/api/stats" })
        {
            using var response = await SendAsync(HttpMethod.Get, path, key);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        using var health = await SendAsync(HttpMethod.Get, "/health", null);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode); // probes need no key
    }

    [Fact]
    public async Task A_key_sees_only_its_tenant_and_cannot_ask_for_another()
    {
        using (var own = await SendAsync(HttpMethod.Get, "/api/customers/a1", AcmeKey))
        {
            Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        }

        using (var other = await SendAsync(HttpMethod.Get, "/api/customers/a1", GlobexKey))
        {
            Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        }

        using (var asks = await SendAsync(HttpMethod.Get, "/api/customers/a1", GlobexKey, tenant: "acme"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, asks.StatusCode);
        }

        using var search = await SendAsync(HttpMethod.Get, "/api/customers?q=secret", GlobexKey);
        Assert.DoesNotContain("a1", await search.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_event_naming_another_tenant_is_rejected_for_that_key()
    {
        using var response = await SendAsync(HttpMethod.Post, "/api/events", GlobexKey,
            """{"event":"customer.created","timestamp":"2025-11-24T10:00:00Z","organization_id":"acme","data":{"customer_id":"a1","email":"evil@x.com"}}""");
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("was sent with a key for tenant 'globex'", body, StringComparison.Ordinal);
        using var profile = await SendAsync(HttpMethod.Get, "/api/customers/a1", AcmeKey);
        Assert.DoesNotContain("evil@x.com", await profile.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dead_letters_are_visible_only_to_the_tenant_they_arrived_for()
    {
        using var post = await SendAsync(HttpMethod.Post, "/api/events", AcmeKey, "{\"acme\":\"not an event\"}");
        var id = System.Text.Json.JsonDocument.Parse(await post.Content.ReadAsStringAsync()).RootElement.GetProperty("rejected")[0].GetProperty("deadLetterId").GetInt64();

        using var own = await SendAsync(HttpMethod.Get, $"/api/dead-letters/{id}", AcmeKey);
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        using var other = await SendAsync(HttpMethod.Get, $"/api/dead-letters/{id}", GlobexKey);
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        using var list = await SendAsync(HttpMethod.Get, "/api/dead-letters", GlobexKey);
        Assert.DoesNotContain("not an event", await list.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var retry = await SendAsync(HttpMethod.Post, $"/api/dead-letters/{id}/retry", GlobexKey);
        Assert.Equal(HttpStatusCode.NotFound, retry.StatusCode);
        using var delete = await SendAsync(HttpMethod.Delete, $"/api/dead-letters/{id}", GlobexKey);
        Assert.Equal(HttpStatusCode.NotFound, delete.StatusCode);
    }

    [Fact]
    public async Task An_operator_key_may_choose_the_tenant()
    {
        using var response = await SendAsync(HttpMethod.Get, "/api/customers/a1", OperatorKey, tenant: "acme");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("http://0.0.0.0:8360")]
    [InlineData("http://*:8360")]
    [InlineData("http://192.168.1.5:8360")]
    public void Without_keys_the_server_refuses_to_listen_beyond_loopback(string url) =>
        Assert.Throws<InvalidOperationException>(() => ApiKeyAuth.RefuseOpenNetworkWithoutKeys([url], new AuthOptions()));

    [Theory]
    [InlineData("http://127.0.0.1:8360")]
    [InlineData("http://localhost:8360")]
    [InlineData("http://[::1]:8360")]
    public void Loopback_needs_no_keys(string url) => ApiKeyAuth.RefuseOpenNetworkWithoutKeys([url], new AuthOptions());

    [Fact]
    public void With_keys_any_address_is_allowed() =>
        ApiKeyAuth.RefuseOpenNetworkWithoutKeys(["http://0.0.0.0:8360"], new AuthOptions { ApiKeys = [new ApiKeyOptions { Key = AcmeKey, Tenant = "acme" }] });
}
