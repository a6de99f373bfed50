using System.Net;
using Customer360.Core.Dialects;
using Customer360.Core.Events;
using Customer360.Tests.Api;

namespace Customer360.Tests.Fuzz;

/// <summary>Cases the fuzz suite found, kept by name so they stay fixed.</summary>
public sealed class FuzzRegressionTests : IAsyncLifetime
{
    private readonly ApiFactory _api = new(settings: new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Warning" });

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Theory]
    [InlineData("""{"customer_id":"a","event_id":"e1","source":"in","customer_id":"b","event_type":"data_usage","timestamp":"2024-01-01T00:00:00Z"}""", "customer_id")]
    [InlineData("""{"eventType":"CustomerProfileCreatedEvent","tenantId":"acme","tenantId":"globex","timestamp":"2024-01-01T00:00:00Z","payload":{"customerId":"c1"}}""", "tenantId")]
    [InlineData("""{"event":"customer.created","timestamp":"2024-01-01T00:00:00Z","data":{"customer_id":"c1","email":"a@x.com","email":"b@x.com"}}""", "email")]
    [InlineData("""{"event":"customer.created","timestamp":"2024-01-01T00:00:00Z","data":{"customer_id":"c1","email":"a@x.com","\u0065mail":"b@x.com"}}""", "email")]
    [InlineData("""{"source":"in","customer_id":"c1","event_type":"custom","timestamp":"2024-01-01T00:00:00Z","metadata":{"k01":1,"k02":2,"k03":3,"k04":4,"k05":5,"k06":6,"k07":7,"k08":8,"k09":9,"k10":10,"k11":11,"k12":12,"k13":13,"k14":14,"k15":15,"k16":16,"k17":17,"k05":0}}""", "k05")]
    public void Duplicate_keys_are_refused_because_readers_disagree_on_which_one_wins(string json, string key)
    {
        var result = EventParser.CreateDefault().Parse(RawMessage.FromString(json, "test", "test"));
        Assert.Null(result.Event);
        Assert.Contains($"duplicate key '{key}'", result.Rejection, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"source":"in","customer_id":"c1","event_type":"data_usage","timestamp":"2024-01-01T00:00:00Z","tenant_id":{"x":"acme"}}""")]
    [InlineData("""{"customer_id":"c1","event_type":"note","timestamp":1734000000,"source_service":"crm","tenant_id":["acme"]}""")]
    public void A_tenant_of_the_wrong_type_is_refused_not_replaced_by_the_default_tenant(string json)
    {
        var result = EventParser.CreateDefault().Parse(RawMessage.FromString(json, "test", "test"));
        Assert.Null(result.Event);
        Assert.Contains("field 'tenant_id' must be a string", result.Rejection, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Amounts_whose_sum_leaves_the_decimal_range_never_give_a_5xx_and_later_events_still_apply()
    {
        const string max = "79228162514264337593543950335";
        var body = $$$"""
            [{"event_id":"big-1","source":"in","customer_id":"big","event_type":"data_usage","timestamp":"2024-01-01T00:00:00Z","value":{{{max}}}},
             {"event_id":"big-2","source":"in","customer_id":"big","event_type":"data_usage","timestamp":"2024-01-02T00:00:00Z","value":{{{max}}}},
             {"event_id":"big-3","customer_id":"big-iq","event_type":"purchase","timestamp":1734000000,"source_service":"shop","data":{"total":{{{max}}}}},
             {"event_id":"big-4","customer_id":"big-iq","event_type":"purchase","timestamp":1734000001,"source_service":"shop","data":{"total":"{{{max}}}"}},
             {"event_id":"big-5","event":"loyalty.points.earned","timestamp":"2024-01-01T00:00:00Z","data":{"customer_id":"big-cs","points_earned":1e20}},
             {"event_id":"big-6","event":"loyalty.points.earned","timestamp":"2024-01-02T00:00:00Z","data":{"customer_id":"big-cs","points_earned":1e20}}]
            """;
        using var first = await _api.SendEventsAsync(System.Text.Encoding.UTF8.GetBytes(body));
        var answer = await first.Content.ReadAsStringAsync();
        Assert.True(first.StatusCode == HttpStatusCode.Accepted, $"{first.StatusCode}: {answer}");

        // An envelope amount out of range is a dead letter with a reason; one inside data is an unknown amount.
        Assert.Contains("'value' must be a number within", answer, StringComparison.Ordinal);
        Assert.Equal(0m, (await _api.ProfileAsync("big-iq")).GetProperty("lifetimeValue").GetDecimal());
        Assert.Equal(2, (await _api.ProfileAsync("big-cs")).GetProperty("counts").GetProperty("events").GetInt32());

        var after = await _api.PostEventsAsync("""{"event_id":"small-1","source":"in","customer_id":"small","event_type":"data_usage","timestamp":"2024-01-03T00:00:00Z","value":5}""");
        Assert.Equal(1, after.GetProperty("accepted").GetInt32());
        Assert.Equal(5m, (await _api.ProfileAsync("small")).GetProperty("usage").GetProperty("dataUsageMb").GetDecimal());
        using var health = await _api.CreateClient().GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }
}
