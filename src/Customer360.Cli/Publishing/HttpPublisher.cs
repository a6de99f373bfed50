using System.Net.Http.Headers;
using System.Text;

namespace Customer360.Cli.Publishing;

/// <summary>POSTs events to a running server's /api/events as one JSON array.</summary>
public sealed class HttpPublisher(Uri baseUrl, string? tenant) : IEventPublisher
{
    private readonly HttpClient _http = new() { BaseAddress = baseUrl };

    public async Task PublishAsync(IReadOnlyList<PublishMessage> messages, CancellationToken cancellationToken)
    {
        var body = new StringBuilder("[");
        for (var i = 0; i < messages.Count; i++)
        {
            body.Append(i == 0 ? "" : ",").Append(Encoding.UTF8.GetString(messages[i].Body));
        }

        using var content = new StringContent(body.Append(']').ToString(), Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/events") { Content = content };
        if (tenant is not null)
        {
            request.Headers.Add("X-Tenant-Id", tenant);
        }

        using var response = await _http.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"POST /api/events answered {(int)response.StatusCode}: {text}");
        }

        Console.WriteLine(text);
    }

    public ValueTask DisposeAsync()
    {
        _http.Dispose();
        return ValueTask.CompletedTask;
    }
}
