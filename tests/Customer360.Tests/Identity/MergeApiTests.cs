using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Customer360.Tests.Api;

namespace Customer360.Tests.Identity;

/// <summary>Golden records by API: merge, undo, races, and placeholder identifiers that must never link.</summary>
public sealed class MergeApiTests : IAsyncLifetime
{
    private readonly ApiFactory _api = new();

    public async Task InitializeAsync() => await _api.PostEventsAsync("[" + string.Join(",",
        Purchase("A", "a-1", 100, 1734000000, "ann@example.com"),
        Purchase("B", "b-1", 40, 1734100000, "bob@example.com"),
        """{"customer_id":"B","event_type":"note","timestamp":1734100100,"source_service":"crm","data":{"content":"Prefers email"}}""",
        """{"customer_id":"B","event_type":"repair","timestamp":1734100200,"source_service":"svc","data":{"work_order_id":"WO-B","status":"open"}}""",
        """{"event":"loyalty.points.earned","timestamp":"2024-12-13T10:00:00Z","data":{"customer_id":"B","points_earned":10,"points_balance":70}}""",
        """{"eventType":"ConsentUpdatedEvent","eventId":"c-a","timestamp":"2024-12-12T00:00:00Z","payload":{"customerId":"A","consentType":"SMS","status":"DENIED"}}""",
        Purchase("C", "c-1", 7, 1734200000, "cy@example.com")) + "]");

    public async Task DisposeAsync() => await _api.DisposeAsync();

    private static string Purchase(string id, string order, int total, long at, string email) =>
        $$$"""{"customer_id":"{{{id}}}","event_type":"purchase","timestamp":{{{at}}},"source_service":"shop","data":{"purchase_id":"{{{order}}}","product_name":"P","total":{{{total}}},"email":"{{{email}}}"}}""";

    private async Task<HttpResponseMessage> PostAsync(string path, object body, string? tenant = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        if (tenant is not null)
        {
            request.Headers.Add("X-Tenant-Id", tenant);
        }

        return await _api.CreateClient().SendAsync(request);
    }

    private async Task<string> SnapshotAsync(string id)
    {
        var sb = new StringBuilder();
        foreach (var path in new[] { "", "/timeline?limit=500", "/purchases", "/work-orders", "/knowledge" })
        {
            sb.AppendLine((await _api.GetAsync($"/api/customers/{id}{path}"))!.Value.GetRawText());
        }

        return sb.ToString();
    }

    [Fact]
    public async Task Merge_then_unmerge_returns_both_profiles_to_exactly_their_pre_merge_state()
    {
        var beforeA = await SnapshotAsync("A");
        var beforeB = await SnapshotAsync("B");

        using var merged = await PostAsync("/api/customers/A/merge", new { sourceId = "B", reason = "DUPLICATE", mergedBy = "agent-7" });
        Assert.Equal(HttpStatusCode.OK, merged.StatusCode);
        var golden = await _api.ProfileAsync("B");
        Assert.Equal("A", golden.GetProperty("id").GetString());
        Assert.Equal(140m, golden.GetProperty("lifetimeValue").GetDecimal());
        Assert.Equal(70, golden.GetProperty("loyalty").GetProperty("pointsBalance").GetInt32());
        Assert.Contains("B", golden.GetProperty("aliases").EnumerateArray().Select(a => a.GetString()));

        using var unmerged = await PostAsync("/api/customers/A/unmerge", new { sourceId = "B", reason = "wrong person" });
        Assert.Equal(HttpStatusCode.OK, unmerged.StatusCode);
        Assert.Equal(beforeA, await SnapshotAsync("A"));
        Assert.Equal(beforeB, await SnapshotAsync("B"));
        var log = (await _api.GetAsync("/api/stats"))!.Value;
        Assert.Equal(2, log.GetProperty("byType").GetProperty("CustomerMergedEvent").GetInt32() + log.GetProperty("byType").GetProperty("CustomerUnmergedEvent").GetInt32());
    }

    [Fact]
    public async Task Events_for_a_merged_id_land_on_the_golden_record_and_go_back_on_unmerge()
    {
        using (await PostAsync("/api/customers/A/merge", new { sourceId = "B" }))
        {
        }

        await _api.PostEventsAsync(Purchase("B", "b-2", 5, 1734300000, "bob@example.com"));
        Assert.Equal(145m, (await _api.ProfileAsync("A")).GetProperty("lifetimeValue").GetDecimal());

        using (await PostAsync("/api/customers/A/unmerge", new { sourceId = "B" }))
        {
        }

        Assert.Equal(100m, (await _api.ProfileAsync("A")).GetProperty("lifetimeValue").GetDecimal());
        Assert.Equal(45m, (await _api.ProfileAsync("B")).GetProperty("lifetimeValue").GetDecimal());
    }

    [Fact]
    public async Task Merge_and_unmerge_refuse_what_makes_no_sense()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync("/api/customers/A/merge", new { sourceId = "nobody" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await PostAsync("/api/customers/A/merge", new { sourceId = "" })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await PostAsync("/api/customers/A/merge", new { sourceId = "A" })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await PostAsync("/api/customers/A/unmerge", new { sourceId = "C" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync("/api/customers/A/merge", new { sourceId = "B" }, tenant: "other")).StatusCode);
    }

    [Fact]
    public async Task Concurrent_merges_of_overlapping_pairs_leave_one_consistent_golden_record()
    {
        var requests = new[] { ("A", "B"), ("B", "C"), ("C", "A") }
            .Select(p => PostAsync($"/api/customers/{p.Item1}/merge", new { sourceId = p.Item2 })).ToList();
        foreach (var r in await Task.WhenAll(requests))
        {
            Assert.True(r.StatusCode is HttpStatusCode.OK or HttpStatusCode.Conflict, r.StatusCode.ToString());
        }

        var ids = new[] { "A", "B", "C" };
        var golden = (await Task.WhenAll(ids.Select(id => _api.ProfileAsync(id)))).Select(p => p.GetProperty("id").GetString()).Distinct().ToList();
        var goldenId = Assert.Single(golden)!;
        var profile = await _api.ProfileAsync(goldenId);
        Assert.Equal(147m, profile.GetProperty("lifetimeValue").GetDecimal());
        Assert.Equal(3, profile.GetProperty("counts").GetProperty("purchases").GetInt32());
        Assert.Equal(ids.Where(i => i != goldenId).Order(), profile.GetProperty("aliases").EnumerateArray().Select(a => a.GetString()!).Order());
        var customers = (await _api.GetAsync("/api/customers?limit=50"))!.Value.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("id").GetString()).ToList();
        Assert.Equal([goldenId], customers);
    }

    [Fact]
    public async Task An_email_only_event_joins_the_customer_who_has_the_email_whatever_came_first()
    {
        await _api.PostEventsAsync("""{"event_type":"note","timestamp":1734000500,"source_service":"crm","data":{"email":"dana@example.com","content":"Called about billing"}}""");
        await _api.PostEventsAsync(Purchase("D", "d-1", 9, 1734000600, "Dana@Example.com"));
        await _api.PostEventsAsync("""{"event_type":"contact","timestamp":1734000700,"source_service":"crm","data":{"customer_email":"dana@example.com","title":"Follow-up"}}""");

        var d = await _api.ProfileAsync("D");
        Assert.Equal(3, d.GetProperty("counts").GetProperty("events").GetInt32());
        Assert.Equal(1, d.GetProperty("counts").GetProperty("knowledge").GetInt32());
        Assert.Empty(d.GetProperty("aliases").EnumerateArray()); // a provisional id is routing, not a name
        var hits = (await _api.GetAsync("/api/customers?q=dana"))!.Value.GetProperty("items").EnumerateArray().Select(h => h.GetProperty("id").GetString());
        Assert.Equal(["D"], hits);
    }

    [Fact]
    public async Task Blocked_placeholder_values_never_link_customers()
    {
        await _api.PostEventsAsync("[" + Purchase("X1", "x-1", 1, 1734000000, "test@example.com") + "," + Purchase("X2", "x-2", 2, 1734000001, "test@example.com") + "]");
        var result = await _api.PostEventsAsync("""{"event_type":"note","timestamp":1734000500,"source_service":"crm","data":{"email":"TEST@example.com","content":"who am I"}}""");

        Assert.Contains("blocked value", result.GetProperty("rejected")[0].GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(1m, (await _api.ProfileAsync("X1")).GetProperty("lifetimeValue").GetDecimal());
        Assert.Equal(2m, (await _api.ProfileAsync("X2")).GetProperty("lifetimeValue").GetDecimal());
        Assert.Equal(1, (await _api.ProfileAsync("X1")).GetProperty("counts").GetProperty("events").GetInt32());
    }
}
