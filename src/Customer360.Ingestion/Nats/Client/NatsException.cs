namespace Customer360.Ingestion.Nats.Client;

/// <summary>A NATS operation failed: server -ERR, no responders (StatusCode 503), not connected, timed out.</summary>
public sealed class NatsException(string message, int? statusCode = null, Exception? inner = null) : Exception(message, inner)
{
    public int? StatusCode { get; } = statusCode;

    public bool IsNoResponders => StatusCode == 503;
}
