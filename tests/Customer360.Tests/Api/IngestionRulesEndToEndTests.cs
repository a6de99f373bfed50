using System.Text;
using System.Text.Json;
using Customer360.Tests.Samples;

namespace Customer360.Tests.Api;

/// <summary>Duplicates, arrival order and bad input through POST /api/events.</summary>
public sealed class IngestionRulesEndToEndTests : IAsyncLifetime
{
    private readonly ApiFactory _api = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task The_same_event_posted_twice_changes_nothing()
    {
        var json = SampleFiles.Read("customeriq", "purchase");
        var first = await _api.PostEventsAsync(json);
        var before = await _api.ProfileAsync("cust_001");

        var second = await _api.PostEventsAsync(json);
        var again = await _api.PostEventsAsync("[" + json + "," + json + "]");

        Assert.Equal(1, first.GetProperty("accepted").GetInt32());
        Assert.Equal(0, second.GetProperty("accepted").GetInt32());
        Assert.Equal(1, second.GetProperty("duplicates").GetInt32());
        Assert.Equal(2, again.GetProperty("duplicates").GetInt32());
        Assert.Equal(before.GetRawText(), (await _api.ProfileAsync("cust_001")).GetRawText());
        Assert.Equal(1, (await _api.GetAsync("/api/stats"))!.Value.GetProperty("events").GetInt32());
    }

    [Fact]
    public async Task Events_posted_in_reverse_time_order_give_the_same_profiles()
    {
        var events = SampleFiles.Every().ToList();
        await _api.PostEventsAsync("[" + string.Join(",", events) + "]");

        await using var reversed = new ApiFactory();
        foreach (var e in events.AsEnumerable().Reverse())
        {
            await reversed.PostEventsAsync(e);
        }

        foreach (var (id, tenant) in new[] { ("cust_123", "org_001"), ("cust_456", "org_001"), ("cust_001", null), ("1234567890", null), ("CUST-100", "tenant-001"), ("cust_123", null) })
        {
            Assert.Equal((await _api.ProfileAsync(id, tenant)).GetRawText(), (await reversed.ProfileAsync(id, tenant)).GetRawText());
        }
    }

    [Fact]
    public async Task A_late_event_never_overwrites_a_newer_value()
    {
        await _api.PostEventsAsync(Loyalty("2025-11-24T13:00:00Z", 450), "org_001");
        await _api.PostEventsAsync(Loyalty("2025-11-24T12:00:00Z", 550), "org_001");
        var loyalty = (await _api.ProfileAsync("cust_9", "org_001")).GetProperty("loyalty");
        Assert.Equal(450, loyalty.GetProperty("pointsBalance").GetInt64());
        Assert.Equal(200, loyalty.GetProperty("lifetimeEarned").GetInt64()); // sums are order-free
    }

    private static string Loyalty(string at, int balance) =>
        $$$"""{"event":"loyalty.points.earned","timestamp":"{{{at}}}","organization_id":"org_001","data":{"customer_id":"cust_9","points_earned":100,"points_balance":{{{balance}}}}}""";

    [Fact]
    public async Task Bad_events_in_a_batch_become_dead_letters_and_the_rest_is_applied()
    {
        var good = SampleFiles.Read("telecom", "recharge");
        var body = Encoding.UTF8.GetBytes("[" + good + ",")
            .Concat(Encoding.UTF8.GetBytes("""{"source":"in","customer_id":"x","event_type":"recharge","timestamp":"2024-01-15T10:30:00Z","note":"bad """))
            .Concat(new byte[] { 0xFF, 0xFE })
            .Concat(Encoding.UTF8.GetBytes("\"},"))
            .Concat(Encoding.UTF8.GetBytes("""
                {"source":"in","event_type":"recharge","timestamp":"2024-01-15T10:30:00Z"},
                {"source":"in","customer_id":"y","event_type":"recharge","timestamp":"last tuesday"},
                {"source":"in","customer_id":"z","event_type":"recharge","timestamp":"2024-01-15T10:30:00Z","value":"ten"},
                {"source": "in", "customer_id": },
                {"source":"in","customer_id":"w","event_type":"data_usage","timestamp":"2024-01-15T10:30:00Z","value":1}]
                """))
            .ToArray();
        using var response = await _api.SendEventsAsync(body);
        var result = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(2, result.GetProperty("accepted").GetInt32());
        var rejected = result.GetProperty("rejected").EnumerateArray().ToList();
        Assert.Equal([1, 2, 3, 4, 5], rejected.Select(r => r.GetProperty("index").GetInt32()));
        Assert.Contains("not valid UTF-8", rejected[0].GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Contains("missing required field 'customer_id'", rejected[1].GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Contains("unparseable timestamp", rejected[2].GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Contains("'value' must be a number", rejected[3].GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Contains("malformed JSON", rejected[4].GetProperty("reason").GetString(), StringComparison.Ordinal);

        var letters = (await _api.GetAsync("/api/dead-letters"))!.Value.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(5, letters.Count);
        Assert.All(letters, l => Assert.StartsWith("http:", l.GetProperty("origin").GetString(), StringComparison.Ordinal));
        var utf8Letter = letters.Single(l => l.GetProperty("id").GetInt64() == rejected[0].GetProperty("deadLetterId").GetInt64());
        Assert.Equal(0xFF, Convert.FromBase64String(utf8Letter.GetProperty("rawBase64").GetString()!)
            .First(b => b >= 0x80)); // the raw bytes are kept exactly
        Assert.NotNull(await _api.GetAsync("/api/customers/w"));
    }

    [Fact]
    public async Task A_truncated_batch_is_one_dead_letter_with_the_parse_error()
    {
        var result = await _api.PostEventsAsync("[" + SampleFiles.Read("telecom", "recharge") + ", {\"source\": \"in\"");
        var rejected = Assert.Single(result.GetProperty("rejected").EnumerateArray());
        Assert.Contains("malformed JSON", rejected.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, (await _api.GetAsync("/api/stats"))!.Value.GetProperty("deadLetters").GetInt32());
    }

    [Fact]
    public async Task A_body_over_the_limit_is_refused_with_413()
    {
        var big = new byte[5 * 1024 * 1024];
        Array.Fill(big, (byte)' ');
        big[0] = (byte)'{';
        big[^1] = (byte)'}';
        using var response = await _api.SendEventsAsync(big);
        Assert.Equal(System.Net.HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("exceeds the limit", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_single_event_over_the_event_limit_is_a_dead_letter()
    {
        var huge = "{\"source\":\"in\",\"customer_id\":\"1\",\"event_type\":\"custom\",\"timestamp\":\"2024-01-15T10:30:00Z\",\"metadata\":{\"blob\":\"" + new string('x', 1_100_000) + "\"}}";
        var result = await _api.PostEventsAsync(huge);
        Assert.StartsWith("event too large", result.GetProperty("rejected")[0].GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_dead_letter_can_be_corrected_and_retried()
    {
        var result = await _api.PostEventsAsync("""{"source":"in","customer_id":"fix-me","event_type":"recharge","timestamp":"not a time","value":20}""");
        var id = result.GetProperty("rejected")[0].GetProperty("deadLetterId").GetInt64();
        var client = _api.CreateClient();

        using var asIs = await client.PostAsync($"/api/dead-letters/{id}/retry", null);
        Assert.Equal(System.Net.HttpStatusCode.UnprocessableEntity, asIs.StatusCode);
        Assert.Equal(1, (await _api.GetAsync($"/api/dead-letters/{id}"))!.Value.GetProperty("retries").GetInt32());

        using var corrected = await client.PostAsync($"/api/dead-letters/{id}/retry", new StringContent(
            """{"source":"in","customer_id":"fix-me","event_type":"recharge","timestamp":"2024-01-15T10:30:00Z","value":20}"""));
        Assert.Equal(System.Net.HttpStatusCode.OK, corrected.StatusCode);
        Assert.Null(await _api.GetAsync($"/api/dead-letters/{id}"));
        Assert.Equal(20m, (await _api.ProfileAsync("fix-me")).GetProperty("usage").GetProperty("rechargeTotal").GetDecimal());
    }

    [Fact]
    public async Task A_dead_letter_can_be_deleted()
    {
        var id = (await _api.PostEventsAsync("{}")).GetProperty("rejected")[0].GetProperty("deadLetterId").GetInt64();
        var client = _api.CreateClient();
        Assert.Equal(System.Net.HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/dead-letters/{id}")).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await client.DeleteAsync($"/api/dead-letters/{id}")).StatusCode);
    }

    [Fact]
    public async Task Ndjson_bodies_are_split_by_line()
    {
        var lines = string.Join("\n", SampleFiles.All("telecom").Select(s => JsonDocument.Parse(s.Json).RootElement.GetRawText().ReplaceLineEndings("")));
        var compact = string.Join("\n", lines.Split('\n').Select(l => JsonSerializer.Serialize(JsonDocument.Parse(l).RootElement)));
        var result = await _api.PostEventsAsync(compact, contentType: "application/x-ndjson");
        Assert.Equal(8, result.GetProperty("accepted").GetInt32());
    }

    [Fact]
    public async Task Stats_and_metrics_count_what_happened()
    {
        await _api.PostEventsAsync("[" + SampleFiles.Read("telecom", "recharge") + ",{\"nope\":1}]");
        var stats = (await _api.GetAsync("/api/stats"))!.Value;
        Assert.Equal(1, stats.GetProperty("events").GetInt32());
        Assert.Equal(1, stats.GetProperty("deadLetters").GetInt32());
        Assert.Equal(1, stats.GetProperty("bySource").GetProperty("http").GetInt32());
        Assert.Equal(1, stats.GetProperty("byDialect").GetProperty("telecom").GetInt32());

        var metrics = await _api.CreateClient().GetStringAsync("/metrics");
        Assert.Contains("c360_events_total{source=\"http\",dialect=\"telecom\",outcome=\"accepted\"} 1", metrics, StringComparison.Ordinal);
        Assert.Contains("outcome=\"rejected\"} 1", metrics, StringComparison.Ordinal);

        // The runtime's own counters follow: a Prometheus scraper reads one line per value.
        var allocated = metrics.Split('\n').Single(l => l.StartsWith("dotnet_gc_allocated_bytes_total ", StringComparison.Ordinal));
        Assert.True(long.Parse(allocated.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture) > 0, allocated);
        Assert.Contains("dotnet_gc_collections_total{generation=\"2\"} ", metrics, StringComparison.Ordinal);

        var health = (await _api.GetAsync("/health"))!.Value;
        Assert.Equal("healthy", health.GetProperty("status").GetString());
    }
}
