using System.Net;
using Customer360.Tests.Api;

namespace Customer360.Tests.Identity;

/// <summary>The same customer id in two tenants is two customers, through every customer route.</summary>
public sealed class TenantIsolationTests : IAsyncLifetime
{
    private static readonly string[] Routes = ["", "/timeline", "/purchases", "/work-orders", "/knowledge", "/context", "/stream", "/export"];
    private readonly ApiFactory _api = new();

    public async Task InitializeAsync()
    {
        await _api.PostEventsAsync("""{"customer_id":"shared-1","event_type":"purchase","timestamp":1734000000,"source_service":"shop","data":{"purchase_id":"acme-order","product_name":"Anvil","total":10,"email":"wile@acme.example"}}""", tenant: "acme");
        await _api.PostEventsAsync("""{"customer_id":"acme-only","event_type":"note","timestamp":1734000000,"source_service":"crm","data":{"content":"Secret acme note"}}""", tenant: "acme");
        await _api.PostEventsAsync("""{"customer_id":"shared-1","event_type":"purchase","timestamp":1734000000,"source_service":"shop","data":{"purchase_id":"globex-order","product_name":"Laser","total":99,"email":"hank@globex.example"}}""", tenant: "globex");
    }

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task Every_customer_route_answers_404_for_another_tenants_customer()
    {
        foreach (var route in Routes)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/customers/acme-only{route}");
            request.Headers.Add("X-Tenant-Id", "globex");
            using var response = await _api.CreateClient().SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{route}: {response.StatusCode}");
        }

        foreach (var action in new[] { "merge", "unmerge" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/customers/shared-1/{action}") { Content = System.Net.Http.Json.JsonContent.Create(new { sourceId = "acme-only" }) };
            request.Headers.Add("X-Tenant-Id", "globex");
            using var response = await _api.CreateClient().SendAsync(request);
            Assert.True(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Conflict, $"{action}: {response.StatusCode}");
        }
    }

    [Fact]
    public async Task The_same_id_shows_each_tenant_only_its_own_data()
    {
        var acme = await _api.ProfileAsync("shared-1", "acme");
        var globex = await _api.ProfileAsync("shared-1", "globex");
        Assert.Equal("wile@acme.example", acme.GetProperty("email").GetString());
        Assert.Equal("hank@globex.example", globex.GetProperty("email").GetString());

        var purchases = (await _api.GetAsync("/api/customers/shared-1/purchases", "globex"))!.Value.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal("globex-order", Assert.Single(purchases).GetProperty("id").GetString());

        foreach (var q in new[] { "anvil", "wile", "secret", "acme" })
        {
            Assert.Empty((await _api.GetAsync($"/api/customers?q={q}", "globex"))!.Value.GetProperty("items").EnumerateArray());
        }

        Assert.DoesNotContain((await _api.GetAsync("/api/customers/shared-1/timeline", "globex"))!.Value.GetProperty("items").EnumerateArray(),
            t => t.GetProperty("data").GetRawText().Contains("acme", StringComparison.Ordinal));
    }
}
