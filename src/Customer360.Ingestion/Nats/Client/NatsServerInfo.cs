using System.Text.Json;
using System.Text.Json.Serialization;

namespace Customer360.Ingestion.Nats.Client;

/// <summary>The server's INFO: what it is and what it supports (headers, JetStream, payload limit).</summary>
public sealed record NatsServerInfo
{
    internal static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public string ServerId { get; init; } = "";

    public string? ServerName { get; init; }

    public string? Version { get; init; }

    public int MaxPayload { get; init; } = 1024 * 1024;

    public bool Headers { get; init; }

    [JsonPropertyName("jetstream")]
    public bool JetStream { get; init; }

    public bool AuthRequired { get; init; }

    public IReadOnlyList<string>? ConnectUrls { get; init; }

    public static NatsServerInfo Parse(string json) =>
        JsonSerializer.Deserialize<NatsServerInfo>(json, Json) ?? throw new NatsProtocolException("empty INFO");
}
