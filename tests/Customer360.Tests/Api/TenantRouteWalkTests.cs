using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Customer360.Tests.Api;

/// <summary>
/// Issue 10: every /api route the app maps (read from its EndpointDataSource, so a new route is walked
/// without editing this test) is called with tenant A's key on tenant B's data. Routes that name a resource
/// answer 404 or 403; listings show none of B's data; B's data is byte-identical afterwards. A route with a
/// parameter this walk cannot fill, or an unparameterised route not listed below, fails the test by name.
/// </summary>
public sealed class TenantRouteWalkTests : IAsyncLifetime
{
    private const string KeyA = "tenant-a-key-0123456789";
    private const string KeyB = "tenant-b-key-0123456789";
    private const string TenantB = "tenant-b";
    private const string CustomerB = "b-cust-7f3e";
    private const string AliasB = "b-alias-7f3e";
    private const string OtherB = "b-other-7f3e";

    /// <summary>Strings only tenant B's data contains: none may appear in an answer to tenant A.</summary>
    private static readonly string[] MarkersB = [CustomerB, AliasB, OtherB, "b-secret@b.example", "B secret note", "b-source-7f3e", "b dead letter 7f3e"];

    /// <summary>Routes without parameters: how each one is walked. Entries for routes not mapped (yet) are ignored.</summary>
    private static readonly Dictionary<string, Walk> Unparameterised = new(StringComparer.Ordinal)
    {
        ["GET /api/customers"] = Walk.Listing,
        ["GET /api/dead-letters"] = Walk.Listing,
        ["GET /api/audit"] = Walk.Listing,
        ["GET /api/stats"] = Walk.Refused,
        ["POST /api/events"] = Walk.Ingest,
    };

    private readonly ApiFactory _api = new(settings: new Dictionary<string, string?>
    {
        ["Auth:ApiKeys:0:Key"] = KeyA, ["Auth:ApiKeys:0:Tenant"] = "tenant-a",
        ["Auth:ApiKeys:1:Key"] = KeyB, ["Auth:ApiKeys:1:Tenant"] = TenantB,
        ["Logging:LogLevel:Default"] = "Warning",
    });

    private long _deadLetterB;

    private enum Walk
    {
        Listing,
        Refused,
        Ingest,
    }

    public async Task InitializeAsync()
    {
        await PostAsync(KeyB, $$$"""
            [{"event_id":"b-1","customer_id":"{{{CustomerB}}}","event_type":"purchase","timestamp":1734000000,"source_service":"b-source-7f3e","data":{"purchase_id":"b-order","product_name":"B widget","total":42,"email":"b-secret@b.example"}},
             {"event_id":"b-2","customer_id":"{{{CustomerB}}}","event_type":"note","timestamp":1734000001,"source_service":"b-source-7f3e","data":{"content":"B secret note"}},
             {"event_id":"b-3","customer_id":"{{{CustomerB}}}","event_type":"repair","timestamp":1734000002,"source_service":"b-source-7f3e","data":{"work_order_id":"b-wo","issue_description":"B secret note"}},
             {"event_id":"b-4","customer_id":"{{{AliasB}}}","event_type":"contact","timestamp":1734000003,"source_service":"b-source-7f3e"},
             {"event_id":"b-5","customer_id":"{{{OtherB}}}","event_type":"contact","timestamp":1734000004,"source_service":"b-source-7f3e"},
             {"b dead letter 7f3e":true}]
            """);
        using var merge = await SendAsync(KeyB, HttpMethod.Post, $"/api/customers/{CustomerB}/merge", $$"""{"sourceId":"{{AliasB}}"}""");
        Assert.Equal(HttpStatusCode.OK, merge.StatusCode);
        var letters = await JsonAsync(KeyB, "/api/dead-letters");
        _deadLetterB = letters.GetProperty("items").EnumerateArray().Single().GetProperty("id").GetInt64();
        await PostAsync(KeyA, """{"event_id":"a-1","customer_id":"a-cust","event_type":"contact","timestamp":1734000000,"source_service":"a-source"}""");
    }

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task Every_api_route_called_with_tenant_As_key_on_tenant_Bs_data_answers_404_or_403_and_changes_nothing()
    {
        var before = await SnapshotBAsync();
        var routes = ApiRoutes();
        Assert.Contains(routes, r => r.Pattern == "/api/customers/{id}/export"); // the walk sees the real route table
        var walked = new List<string>();
        foreach (var (method, pattern, parameters) in routes)
        {
            var route = $"{method} {pattern}";

            // A's key asking for B's tenant outright: refused before any route runs.
            using (var asks = await SendAsync(KeyA, new HttpMethod(method), Fill(pattern, parameters).First(), "{}", tenant: TenantB))
            {
                Assert.True(asks.StatusCode == HttpStatusCode.Forbidden, $"{route} with X-Tenant-Id {TenantB}: {asks.StatusCode}");
            }

            if (parameters.Count > 0)
            {
                foreach (var path in Fill(pattern, parameters))
                {
                    using var response = await SendAsync(KeyA, new HttpMethod(method), path, $$"""{"sourceId":"{{OtherB}}"}""");
                    Assert.True(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden,
                        $"{method} {path} with tenant A's key answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                    if (method == "GET")
                    {
                        // The control: B's own key reaches the same resource, so the 404 above was about the tenant.
                        using var own = await SendAsync(KeyB, HttpMethod.Get, path, null);
                        Assert.True(own.StatusCode == HttpStatusCode.OK, $"{method} {path} with tenant B's key answered {own.StatusCode}");
                    }
                }
            }
            else
            {
                Assert.True(Unparameterised.TryGetValue(route, out var walk),
                    $"{route} is not classified for the tenant walk: add it to {nameof(TenantRouteWalkTests)}.{nameof(Unparameterised)} (Listing, Refused or Ingest).");
                await WalkAsync(route, walk);
            }

            walked.Add(route);
        }

        Assert.Equal(before, await SnapshotBAsync());
        Assert.True(walked.Count >= 15, $"only {walked.Count} routes walked: {string.Join(", ", walked)}");
    }

    private async Task WalkAsync(string route, Walk walk)
    {
        var (method, path) = (route.Split(' ')[0], route.Split(' ')[1]);
        switch (walk)
        {
            case Walk.Listing:
                foreach (var query in new[] { "", "?q=b", $"?q={CustomerB}", "?q=secret", "?limit=1000" })
                {
                    using var response = await SendAsync(KeyA, HttpMethod.Get, path + query, null);
                    var text = await response.Content.ReadAsStringAsync();
                    Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.NotFound or HttpStatusCode.Forbidden, $"{route}{query}: {response.StatusCode}");
                    Assert.DoesNotContain(MarkersB, m => text.Contains(m, StringComparison.Ordinal));
                }

                break;
            case Walk.Refused:
                using (var refused = await SendAsync(KeyA, new HttpMethod(method), path, null))
                {
                    Assert.True(refused.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden, $"{route}: {refused.StatusCode}");
                }

                break;
            case Walk.Ingest:
                // An event that names tenant B, sent with A's key: refused with its reason (a dead letter of A's), B untouched.
                var answer = await PostAsync(KeyA, $$$"""
                    {"event":"customer.updated","timestamp":"2025-01-01T00:00:00Z","organization_id":"{{{TenantB}}}","data":{"customer_id":"{{{CustomerB}}}","email":"evil@a.example"}}
                    """);
                Assert.Contains("was sent with a key for tenant 'tenant-a'", answer.GetProperty("rejected")[0].GetProperty("reason").GetString(), StringComparison.Ordinal);
                break;
        }
    }

    /// <summary>Every /api endpoint the app maps, with its HTTP methods and route parameters.</summary>
    private List<(string Method, string Pattern, IReadOnlyList<string> Parameters)> ApiRoutes() =>
        [.. _api.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m =>
                (m, e.RoutePattern.RawText!.TrimEnd('/'), (IReadOnlyList<string>)[.. e.RoutePattern.Parameters.Select(p => p.Name)])))
            .OrderBy(r => r.Item2, StringComparer.Ordinal).ThenBy(r => r.m, StringComparer.Ordinal)];

    /// <summary>The paths that name tenant B's resources for a route pattern: its customer (and merged-away alias), its dead letter.</summary>
    private IEnumerable<string> Fill(string pattern, IReadOnlyList<string> parameters)
    {
        if (parameters.Count == 0)
        {
            return [pattern];
        }

        var values = (parameters, pattern) switch
        {
            (["id"], _) when pattern.StartsWith("/api/customers/", StringComparison.Ordinal) => new[] { CustomerB, AliasB },
            (["id"], _) when pattern.StartsWith("/api/dead-letters/", StringComparison.Ordinal) => new[] { _deadLetterB.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            _ => throw new Xunit.Sdk.XunitException(
                $"{pattern}: the tenant walk does not know how to fill {{{string.Join("}, {", parameters)}}} with tenant B's ids; teach {nameof(TenantRouteWalkTests)}.{nameof(Fill)}."),
        };
        var placeholder = pattern[pattern.IndexOf('{', StringComparison.Ordinal)..(pattern.IndexOf('}', StringComparison.Ordinal) + 1)];
        return values.Select(v => pattern.Replace(placeholder, Uri.EscapeDataString(v), StringComparison.Ordinal));
    }

    /// <summary>Everything tenant B can read about its data, through B's own key.</summary>
    private async Task<string> SnapshotBAsync()
    {
        var export = JsonNode.Parse((await JsonAsync(KeyB, $"/api/customers/{CustomerB}/export")).GetRawText())!.AsObject();
        export.Remove("exportedAt");
        var other = await JsonAsync(KeyB, $"/api/customers/{OtherB}/export");
        var otherNode = JsonNode.Parse(other.GetRawText())!.AsObject();
        otherNode.Remove("exportedAt");
        var letter = await JsonAsync(KeyB, $"/api/dead-letters/{_deadLetterB}");
        var alias = await JsonAsync(KeyB, $"/api/customers/{AliasB}");
        return string.Join("\n", export.ToJsonString(), otherNode.ToJsonString(), letter.GetRawText(), alias.GetRawText());
    }

    private async Task<JsonElement> JsonAsync(string key, string path)
    {
        using var response = await SendAsync(key, HttpMethod.Get, path, null);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {response.StatusCode}");
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    private async Task<JsonElement> PostAsync(string key, string body)
    {
        using var response = await SendAsync(key, HttpMethod.Post, "/api/events", body);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    private async Task<HttpResponseMessage> SendAsync(string key, HttpMethod method, string path, string? body, string? tenant = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null && method != HttpMethod.Get && method != HttpMethod.Delete)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        request.Headers.Add("X-Api-Key", key);
        if (tenant is not null)
        {
            request.Headers.Add("X-Tenant-Id", tenant);
        }

        return await _api.CreateClient().SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    }
}
