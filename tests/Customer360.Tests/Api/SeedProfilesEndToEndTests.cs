using System.Text.Json;
using Customer360.Tests.Samples;

namespace Customer360.Tests.Api;

/// <summary>Every example event of the four seed dialects, posted to POST /api/events, gives the contract's profiles.</summary>
public sealed class SeedProfilesEndToEndTests : IAsyncLifetime
{
    private readonly ApiFactory _api = new();

    public async Task InitializeAsync()
    {
        var result = await _api.PostEventsAsync("[" + string.Join(",", SampleFiles.Every()) + "]");
        Assert.Equal(26, result.GetProperty("accepted").GetInt32());
        Assert.Empty(result.GetProperty("rejected").EnumerateArray());
    }

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task Loyalty_balance_is_the_newest_snapshot_and_tier_the_upgrade()
    {
        var p = await _api.ProfileAsync("cust_123", "org_001");
        var loyalty = p.GetProperty("loyalty");
        Assert.Equal(450, loyalty.GetProperty("pointsBalance").GetInt64());
        Assert.Equal("gold", loyalty.GetProperty("tier").GetString());
        Assert.Equal(1000, loyalty.GetProperty("lifetimePoints").GetInt64());
        Assert.Equal(100, loyalty.GetProperty("lifetimeEarned").GetInt64());
        Assert.Equal(100, loyalty.GetProperty("lifetimeRedeemed").GetInt64());
        Assert.Equal("new.email@example.com", p.GetProperty("email").GetString());
        Assert.Equal("+507 6111-1111", p.GetProperty("phone").GetString());
        Assert.Equal("b2c", p.GetProperty("customerType").GetString());
        Assert.Equal("org_001", p.GetProperty("tenantId").GetString());
    }

    [Fact]
    public async Task Credit_shows_limit_available_and_the_exceeded_alert()
    {
        var credit = (await _api.ProfileAsync("cust_456", "org_001")).GetProperty("credit");
        Assert.Equal(10000m, credit.GetProperty("limit").GetDecimal());
        Assert.Equal(5000m, credit.GetProperty("available").GetDecimal());
        Assert.Equal(30, credit.GetProperty("paymentTermDays").GetInt32());
        var alert = Assert.Single(credit.GetProperty("alerts").EnumerateArray());
        Assert.Equal(6000m, alert.GetProperty("attemptedAmount").GetDecimal());
        Assert.Equal(1000m, alert.GetProperty("shortfall").GetDecimal());
        Assert.Equal("2025-12-24", Assert.Single(credit.GetProperty("usages").EnumerateArray()).GetProperty("dueDate").GetString());
    }

    [Fact]
    public async Task CustomerIq_customer_has_one_purchase_one_work_order_and_a_knowledge_entry()
    {
        var p = await _api.ProfileAsync("cust_001");
        Assert.Equal("John Smith", p.GetProperty("name").GetString());
        Assert.Equal("john.smith@example.com", p.GetProperty("email").GetString());
        Assert.Equal(299.99m, p.GetProperty("lifetimeValue").GetDecimal());
        var counts = p.GetProperty("counts");
        Assert.Equal(3, counts.GetProperty("events").GetInt32());
        Assert.Equal(1, counts.GetProperty("purchases").GetInt32());
        Assert.Equal(1, counts.GetProperty("workOrders").GetInt32());
        Assert.Equal(1, counts.GetProperty("knowledge").GetInt32());

        var purchase = Assert.Single((await _api.GetAsync("/api/customers/cust_001/purchases"))!.Value.GetProperty("items").EnumerateArray());
        Assert.Equal("ord_12345", purchase.GetProperty("id").GetString());
        Assert.Equal(299.99m, purchase.GetProperty("total").GetDecimal());
        Assert.Equal("WHP-2000", purchase.GetProperty("sku").GetString());
        Assert.Equal("2025-12-14T00:00:00Z", purchase.GetProperty("warrantyExpires").GetString());

        var order = Assert.Single((await _api.GetAsync("/api/customers/cust_001/work-orders"))!.Value.GetProperty("items").EnumerateArray());
        Assert.Equal("WO-9999", order.GetProperty("id").GetString());
        Assert.Equal("technician_05", order.GetProperty("assignedTo").GetString());

        var note = Assert.Single((await _api.GetAsync("/api/customers/cust_001/knowledge"))!.Value.GetProperty("items").EnumerateArray());
        Assert.Contains("Bluetooth pairing is inconsistent", note.GetProperty("content").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Telecom_customer_sums_data_usage_and_recharges()
    {
        var p = await _api.ProfileAsync("1234567890");
        var usage = p.GetProperty("usage");
        Assert.Equal(2501.0m, usage.GetProperty("dataUsageMb").GetDecimal());
        Assert.Equal(100m, usage.GetProperty("rechargeTotal").GetDecimal());
        Assert.Equal(2, usage.GetProperty("rechargeCount").GetInt32());
        Assert.Equal(100m, p.GetProperty("lifetimeValue").GetDecimal());
        Assert.Equal("2024-01-17T09:15:00.1234567Z", p.GetProperty("lastSeenAt").GetString());
    }

    [Fact]
    public async Task Crm_profile_has_consent_and_answers_for_the_merged_away_id()
    {
        var p = await _api.ProfileAsync("CUST-100", "tenant-001");
        Assert.Equal("Acme Corp", p.GetProperty("name").GetString());
        Assert.Equal("ENTERPRISE", p.GetProperty("segment").GetString());
        Assert.Equal("GRANTED", p.GetProperty("consent").GetProperty("EMAIL").GetProperty("status").GetString());
        Assert.Contains("CUST-OLD", p.GetProperty("aliases").EnumerateArray().Select(a => a.GetString()));

        var merged = await _api.ProfileAsync("CUST-OLD", "tenant-001");
        Assert.Equal("CUST-100", merged.GetProperty("id").GetString());
    }

    [Fact]
    public async Task Tenants_do_not_see_each_other()
    {
        Assert.Null(await _api.GetAsync("/api/customers/cust_456"));
        Assert.Null(await _api.GetAsync("/api/customers/cust_001", "org_001"));

        // cust_123 exists in two tenants (customer service and the microservices): two different customers.
        Assert.Equal("customer@example.com", (await _api.ProfileAsync("cust_123")).GetProperty("email").GetString());
        Assert.Equal("new.email@example.com", (await _api.ProfileAsync("cust_123", "org_001")).GetProperty("email").GetString());
        var search = (await _api.GetAsync("/api/customers?q=juan", "tenant-001"))!.Value;
        Assert.Empty(search.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task Timeline_lists_events_newest_first_and_pages()
    {
        var first = (await _api.GetAsync("/api/customers/1234567890/timeline?limit=3"))!.Value;
        var items = first.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(3, items.Count);
        Assert.Equal("2024-01-17T09:15:00.1234567Z", items[0].GetProperty("occurredAt").GetString());
        var next = first.GetProperty("next").GetString()!;

        var rest = (await _api.GetAsync($"/api/customers/1234567890/timeline?limit=10&before={Uri.EscapeDataString(next)}"))!.Value;
        var restItems = rest.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(4, restItems.Count);
        Assert.Equal(JsonValueKind.Null, rest.GetProperty("next").ValueKind);
        Assert.Empty(items.Select(i => i.GetProperty("eventId").GetString()).Intersect(restItems.Select(i => i.GetProperty("eventId").GetString())));

        var recharges = (await _api.GetAsync("/api/customers/1234567890/timeline?type=recharge"))!.Value;
        Assert.Equal(2, recharges.GetProperty("items").GetArrayLength());
    }

    [Theory]
    [InlineData("wireless", "cust_001", null)]
    [InlineData("john.smith@example.com", "cust_001", null)]
    [InlineData("bluetooth pair", "cust_001", null)]
    [InlineData("acme", "CUST-100", "tenant-001")]
    [InlineData("new.email", "cust_123", "org_001")]
    public async Task Search_finds_names_emails_and_timeline_text(string q, string expected, string? tenant)
    {
        var result = (await _api.GetAsync($"/api/customers?q={Uri.EscapeDataString(q)}", tenant))!.Value;
        Assert.Contains(expected, result.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task Context_is_markdown_an_assistant_can_read()
    {
        var client = _api.CreateClient();
        using var response = await client.GetAsync("/api/customers/cust_001/context");
        Assert.Equal("text/markdown", response.Content.Headers.ContentType!.MediaType);
        var md = await response.Content.ReadAsStringAsync();
        Assert.StartsWith("# Customer John Smith", md, StringComparison.Ordinal);
        Assert.Contains("## Important to know", md, StringComparison.Ordinal);
        Assert.Contains("WO-9999", md, StringComparison.Ordinal);
        Assert.Contains("Wireless Headphones Pro", md, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_holds_the_profile_and_every_record_of_the_customer()
    {
        var export = (await _api.GetAsync("/api/customers/CUST-OLD/export", "tenant-001"))!.Value;
        Assert.Equal("CUST-100", export.GetProperty("profile").GetProperty("id").GetString());
        Assert.Equal(4, export.GetProperty("timeline").GetArrayLength());

        var cust = (await _api.GetAsync("/api/customers/cust_001/export"))!.Value;
        Assert.Equal(3, cust.GetProperty("timeline").GetArrayLength());
        Assert.Equal("ord_12345", cust.GetProperty("purchases")[0].GetProperty("id").GetString());
        Assert.Equal("WO-9999", cust.GetProperty("workOrders")[0].GetProperty("id").GetString());
        Assert.Equal(1, cust.GetProperty("knowledge").GetArrayLength());
        Assert.Null(await _api.GetAsync("/api/customers/cust_001/export", "org_001"));
    }

    [Fact]
    public async Task Unknown_customer_is_404_with_an_error()
    {
        var client = _api.CreateClient();
        using var response = await client.GetAsync("/api/customers/nobody");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("not found", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
