using System.Net;
using System.Text;
using System.Text.Json;
using Customer360.Server.Api;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Xunit;

namespace Customer360.Tests.Api;

/// <summary>GET /api/customers/{id}/stream over real HTTP (in-memory server, temp SQLite file).</summary>
public sealed class StreamEndpointTests : IDisposable
{
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(15);
    private readonly string _dir = Directory.CreateTempSubdirectory("c360-sse-").FullName;
    // WebApplicationFactory only needs a type from the server's assembly: `Program` is ambiguous here because
    // the CLI's top-level Program is visible to this project too (InternalsVisibleTo).
    private readonly WebApplicationFactory<ApiOptions> _factory;

    public StreamEndpointTests()
    {
        var db = Path.Combine(_dir, "c360.db");
        _factory = new WebApplicationFactory<ApiOptions>().WithWebHostBuilder(b => b.UseSetting("Storage:Path", db));
    }

    [Fact]
    public async Task Stream_sends_the_profile_on_connect_and_again_after_each_change()
    {
        using var client = _factory.CreateClient();
        await PostAsync(client, Purchase("cust_sse", "ord_1", 10m));

        using var response = await client.GetAsync("/api/customers/cust_sse/stream", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());

        var first = await NextProfileAsync(reader);
        Assert.Equal("cust_sse", first.GetProperty("id").GetString());
        Assert.Equal(1, first.GetProperty("counts").GetProperty("events").GetInt32());
        Assert.Equal(10m, first.GetProperty("lifetimeValue").GetDecimal());

        await PostAsync(client, Purchase("cust_sse", "ord_2", 5.5m));
        var second = await NextProfileAsync(reader);
        Assert.Equal(2, second.GetProperty("counts").GetProperty("events").GetInt32());
        Assert.Equal(15.5m, second.GetProperty("lifetimeValue").GetDecimal());
    }

    [Fact]
    public async Task Stream_ignores_changes_to_other_customers_and_tenants()
    {
        using var client = _factory.CreateClient();
        await PostAsync(client, Purchase("cust_a", "ord_a1", 1m));
        await PostAsync(client, Purchase("cust_b", "ord_b1", 1m));

        using var response = await client.GetAsync("/api/customers/cust_a/stream", HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        await NextProfileAsync(reader);

        // Another customer, and the same id in another tenant, then our customer: the next message is ours.
        await PostAsync(client, Purchase("cust_b", "ord_b2", 2m));
        await PostAsync(client, Purchase("cust_a", "ord_x", 100m), tenant: "other");
        await PostAsync(client, Purchase("cust_a", "ord_a2", 3m));
        var next = await NextProfileAsync(reader);
        Assert.Equal("cust_a", next.GetProperty("id").GetString());
        Assert.Equal("default", next.GetProperty("tenantId").GetString());
        Assert.Equal(4m, next.GetProperty("lifetimeValue").GetDecimal());
    }

    [Fact]
    public async Task Stream_of_an_unknown_customer_is_404()
    {
        using var client = _factory.CreateClient();
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

    private static async Task PostAsync(HttpClient client, string body, string? tenant = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/events") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (tenant is not null)
        {
            request.Headers.Add("X-Tenant-Id", tenant);
        }

        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

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

    public void Dispose()
    {
        _factory.Dispose();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold the WAL for a moment; a temp dir left behind is harmless.
        }
    }
}
