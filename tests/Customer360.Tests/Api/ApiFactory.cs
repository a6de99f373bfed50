using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Customer360.Tests.Api;

/// <summary>The real server in-process over its HTTP pipeline, on its own SQLite file.</summary>
public sealed class ApiFactory : WebApplicationFactory<Customer360.Server.Program>
{
    public ApiFactory(string? dbPath = null, IDictionary<string, string?>? settings = null)
    {
        DbPath = dbPath ?? Path.Combine(Directory.CreateTempSubdirectory("c360-test-").FullName, "customer360.db");
        Settings = settings ?? new Dictionary<string, string?>();
    }

    public string DbPath { get; }
    public IDictionary<string, string?> Settings { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Storage:Path", DbPath);
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
    }

    public async Task<JsonElement> PostEventsAsync(string body, string? tenant = null, string contentType = "application/json")
    {
        using var response = await SendEventsAsync(Encoding.UTF8.GetBytes(body), tenant, contentType);
        Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public async Task<HttpResponseMessage> SendEventsAsync(byte[] body, string? tenant = null, string contentType = "application/json")
    {
        var client = CreateClient();
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/events") { Content = content };
        if (tenant is not null)
        {
            request.Headers.Add("X-Tenant-Id", tenant);
        }

        return await client.SendAsync(request);
    }

    public async Task<JsonElement?> GetAsync(string path, string? tenant = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (tenant is not null)
        {
            request.Headers.Add("X-Tenant-Id", tenant);
        }

        using var response = await CreateClient().SendAsync(request);
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public async Task<JsonElement> ProfileAsync(string id, string? tenant = null) =>
        await GetAsync($"/api/customers/{Uri.EscapeDataString(id)}", tenant) ?? throw new Xunit.Sdk.XunitException($"customer {id} not found");
}
