using System.Net;
using System.Text.Json;
using Customer360.Core.Storage.Audit;
using Customer360.Tests.Storage;

namespace Customer360.Tests.Api;

/// <summary>DELETE /api/customers/{id} and GET /api/audit behind API keys: tenant-scoped, and every action audited under the key's name.</summary>
public sealed class EraseAndAuditApiTests : IAsyncLifetime
{
    private const string AcmeKey = "acme-key-0123456789";
    private const string GlobexKey = "globex-key-0123456789";
    private const string OperatorKey = "operator-key-0123456789";

    private readonly ApiFactory _api = new(settings: new Dictionary<string, string?>
    {
        ["Auth:ApiKeys:0:Key"] = AcmeKey, ["Auth:ApiKeys:0:Tenant"] = "acme", ["Auth:ApiKeys:0:Name"] = "acme-crm",
        ["Auth:ApiKeys:1:Key"] = GlobexKey, ["Auth:ApiKeys:1:Tenant"] = "globex",
        ["Auth:ApiKeys:2:Key"] = OperatorKey, ["Auth:ApiKeys:2:Tenant"] = "*", ["Auth:ApiKeys:2:Name"] = "ops",
    });

    public async Task InitializeAsync()
    {
        foreach (var (id, email) in new[] { ("a1", "ada@acme.example"), ("a2", "bob@acme.example"), ("a3", "cy@acme.example") })
        {
            using var r = await SendAsync(HttpMethod.Post, "/api/events", AcmeKey, "[" + string.Join(",", ErasureEvents.Story(id, $"Name {id}", email, "+507 6100-0000", "acme")) + "]");
            Assert.Equal(HttpStatusCode.Accepted, r.StatusCode);
        }

        using var g = await SendAsync(HttpMethod.Post, "/api/events", GlobexKey, "[" + string.Join(",", ErasureEvents.Story("a1", "Globex a1", "g@globex.example", "+507 6200-0000", "globex")) + "]");
        Assert.Equal(HttpStatusCode.Accepted, g.StatusCode);
    }

    public async Task DisposeAsync() => await _api.DisposeAsync();

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? key, string? body = null)
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

        return await _api.CreateClient().SendAsync(request);
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> JsonAsync(HttpMethod method, string path, string? key, string? body = null)
    {
        using var response = await SendAsync(method, path, key, body);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    [Fact]
    public async Task Erase_with_another_tenants_key_is_404_and_erases_nothing()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await JsonAsync(HttpMethod.Delete, "/api/customers/a2", GlobexKey)).Status);
        Assert.Equal(HttpStatusCode.OK, (await JsonAsync(HttpMethod.Get, "/api/customers/a2", AcmeKey)).Status);

        // The same id in both tenants: globex erases its own a1, acme's a1 stays.
        Assert.Equal(HttpStatusCode.OK, (await JsonAsync(HttpMethod.Delete, "/api/customers/a1", GlobexKey)).Status);
        var acme = await JsonAsync(HttpMethod.Get, "/api/customers/a1", AcmeKey);
        Assert.Equal(HttpStatusCode.OK, acme.Status);
        Assert.Equal("ada@acme.example", acme.Body.GetProperty("email").GetString());
    }

    [Fact]
    public async Task After_erase_every_read_route_is_404_or_empty_and_the_answer_holds_no_personal_data()
    {
        var (status, body) = await JsonAsync(HttpMethod.Delete, "/api/customers/a3", AcmeKey);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.DoesNotContain("cy@acme.example", body.GetRawText(), StringComparison.Ordinal);
        Assert.True(body.GetProperty("eventsRedacted").GetInt32() > 0);
        foreach (var path in new[] { "", "/timeline", "/purchases", "/work-orders", "/knowledge", "/context", "/export" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await JsonAsync(HttpMethod.Get, $"/api/customers/a3{path}", AcmeKey)).Status);
        }

        foreach (var q in new[] { "cy@acme.example", "Name a3", "a3" })
        {
            var hits = (await JsonAsync(HttpMethod.Get, $"/api/customers?q={Uri.EscapeDataString(q)}", AcmeKey)).Body.GetProperty("items");
            Assert.DoesNotContain(hits.EnumerateArray(), h => h.GetProperty("id").GetString() == "a3");
        }

        Assert.Equal(HttpStatusCode.NotFound, (await JsonAsync(HttpMethod.Delete, "/api/customers/a3", AcmeKey)).Status);
    }

    [Fact]
    public async Task Merges_unmerges_dead_letter_actions_and_erasures_are_audited_under_the_keys_name()
    {
        Assert.Equal(HttpStatusCode.OK, (await JsonAsync(HttpMethod.Post, "/api/customers/a1/merge", AcmeKey, """{"sourceId":"a2","reason":"DUPLICATE"}""")).Status);
        Assert.Equal(HttpStatusCode.OK, (await JsonAsync(HttpMethod.Post, "/api/customers/a1/unmerge", AcmeKey, """{"sourceId":"a2"}""")).Status);
        var rejected = (await JsonAsync(HttpMethod.Post, "/api/events", AcmeKey, """[{"not":"an event"},{"still":"not"}]""")).Body.GetProperty("rejected");
        var retryId = rejected[0].GetProperty("deadLetterId").GetInt64();
        var deleteId = rejected[1].GetProperty("deadLetterId").GetInt64();
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await JsonAsync(HttpMethod.Post, $"/api/dead-letters/{retryId}/retry", AcmeKey)).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await JsonAsync(HttpMethod.Delete, $"/api/dead-letters/{deleteId}", AcmeKey)).Status);
        var erasure = (await JsonAsync(HttpMethod.Delete, "/api/customers/a2", AcmeKey)).Body.GetProperty("erasureId").GetString();

        var entries = (await JsonAsync(HttpMethod.Get, "/api/audit?limit=100", AcmeKey)).Body.GetProperty("items").EnumerateArray().ToList();

        string Target(string action) => Assert.Single(entries, e => e.GetProperty("action").GetString() == action).GetProperty("target").GetString()!;
        Assert.Equal("a1", Target(AuditActions.Merge));
        Assert.Equal("a1", Target(AuditActions.Unmerge));
        Assert.Equal(retryId.ToString(System.Globalization.CultureInfo.InvariantCulture), Target(AuditActions.DeadLetterRetry));
        Assert.Equal(deleteId.ToString(System.Globalization.CultureInfo.InvariantCulture), Target(AuditActions.DeadLetterDelete));
        Assert.Equal($"erased-{erasure}", Target(AuditActions.Erase));
        Assert.All(entries, e => Assert.Equal("acme", e.GetProperty("tenant").GetString()));
        Assert.All(entries.Where(e => e.GetProperty("action").GetString() != AuditActions.ApiKeyUse), e => Assert.Equal("acme-crm", e.GetProperty("actor").GetString()));
        Assert.Equal("a2", Assert.Single(entries, e => e.GetProperty("action").GetString() == AuditActions.Merge).GetProperty("detail").GetProperty("sourceId").GetString());
    }

    [Fact]
    public async Task Key_use_is_recorded_once_per_key_and_rejected_keys_once_per_client_while_tenants_see_only_their_own()
    {
        for (var i = 0; i < 3; i++)
        {
            using var bad = await SendAsync(HttpMethod.Get, "/api/customers/a1", "wrong-key-0123456789");
            Assert.Equal(HttpStatusCode.Unauthorized, bad.StatusCode);
            using var ok = await SendAsync(HttpMethod.Get, "/api/customers/a1", GlobexKey);
        }

        var all = (await JsonAsync(HttpMethod.Get, "/api/audit?limit=1000", OperatorKey)).Body.GetProperty("items").EnumerateArray().ToList();
        var acme = (await JsonAsync(HttpMethod.Get, "/api/audit?limit=1000", AcmeKey)).Body.GetProperty("items").EnumerateArray().ToList();

        var uses = all.Where(e => e.GetProperty("action").GetString() == AuditActions.ApiKeyUse).Select(e => e.GetProperty("actor").GetString()).ToList();
        Assert.Equal(uses.Distinct().Count(), uses.Count);
        Assert.Contains("acme-crm", uses);
        Assert.Contains("ops", uses);
        Assert.Contains(uses, u => u!.StartsWith("globex-key-", StringComparison.Ordinal) && !u.Contains(GlobexKey, StringComparison.Ordinal));
        var rejection = Assert.Single(all, e => e.GetProperty("action").GetString() == AuditActions.ApiKeyRejected);
        Assert.Equal("unknown key", rejection.GetProperty("detail").GetProperty("reason").GetString());
        Assert.DoesNotContain("wrong-key", rejection.GetRawText(), StringComparison.Ordinal);
        Assert.All(acme, e => Assert.Equal("acme", e.GetProperty("tenant").GetString()));
        Assert.Contains(acme, e => e.GetProperty("actor").GetString() == "acme-crm");
        Assert.Contains(all, e => e.GetProperty("tenant").GetString() == "globex");
    }
}
