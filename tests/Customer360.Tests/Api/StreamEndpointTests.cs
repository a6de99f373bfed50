using System.Net;
using System.Text;
using System.Text.Json;

namespace Customer360.Tests.Api;

/// <summary>GET /api/customers/{id}/stream over the real HTTP pipeline (in-process server, temp SQLite file).</summary>
public sealed class StreamEndpointTests : IAsyncLifetime
{
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(15);
    private readonly ApiFactory _api = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task Stream_sends_the_profile_on_connect_and_again_after_each_change()
    {
        await _api.PostEventsAsync(Purchase("cust_sse", "ord_1", 10m));

        using var client = _api.CreateClient();
        using var response = await client.GetAsync("/api/customers/cust_sse/stream", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());

        var first = await NextProfileAsync(reader);
        Assert.Equal("cust_sse", first.GetProperty("id").GetString());
        Assert.Equal(1, first.GetProperty("counts").GetProperty("events").GetInt32());
        Assert.Equal(10m, first.GetProperty("lifetimeValue").GetDecimal());

        await _api.PostEventsAsync(Purchase("cust_sse", "ord_2", 5.5m));
        var second = await NextProfileAsync(reader);
        Assert.Equal(2, second.GetProperty("counts").GetProperty("events").GetInt32());
        Assert.Equal(15.5m, second.GetProperty("lifetimeValue").GetDecimal());
    }

    [Fact]
    public async Task Stream_ignores_changes_to_other_customers_and_tenants()
    {
        await _api.PostEventsAsync(Purchase("cust_a", "ord_a1", 1m));
        await _api.PostEventsAsync(Purchase("cust_b", "ord_b1", 1m));

        using var client = _api.CreateClient();
        using var response = await client.GetAsync("/api/customers/cust_a/stream", HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        await NextProfileAsync(reader);

        // Another customer, and the same id in another tenant, then our customer: the next message is ours.
        await _api.PostEventsAsync(Purchase("cust_b", "ord_b2", 2m));
        await _api.PostEventsAsync(Purchase("cust_a", "ord_x", 100m), tenant: "other");
        await _api.PostEventsAsync(Purchase("cust_a", "ord_a2", 3m));
        var next = await NextProfileAsync(reader);
        Assert.Equal("cust_a", next.GetProperty("id").GetString());
        Assert.Equal("default", next.GetProperty("tenantId").GetString());
        Assert.Equal(4m, next.GetProperty("lifetimeValue").GetDecimal());
    }

    [Fact]
    public async Task Stream_of_an_unknown_customer_is_404()
    {
        using var client = _api.CreateClient();
        using var response = await client.GetAsync("/api/customers/nobody/stream", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private static string Purchase(string customer, string order, decimal total) => JsonSerializer.Serialize(new
    {
        customer_id = customer,
        event_type = "purchase",
        timestamp = 1734134400,
        source_service = "shop",
        data = new { purchase_id = order, product_name = "Widget", total },
    });

    /// <summary>Reads SSE lines until the next `profile` event and returns its data; bounded by a timeout.</summary>
    private static async Task<JsonElement> NextProfileAsync(StreamReader reader)
    {
        using var cts = new CancellationTokenSource(ReadTimeout);
        string? eventType = null;
        var data = new StringBuilder();
        while (await reader.ReadLineAsync(cts.Token) is { } line)
        {
            if (line.Length == 0)
            {
                if (eventType == "profile")
                {
                    return JsonDocument.Parse(data.ToString()).RootElement.Clone();
                }

                (eventType, data) = (null, new StringBuilder());
            }
            else if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                eventType = line["event: ".Length..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data.Append(line["data: ".Length..]);
            }
        }

        throw new EndOfStreamException("the stream ended before a profile event");
    }
}
