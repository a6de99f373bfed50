namespace Customer360.Ingestion.Nats.JetStream;

/// <summary>An error answered by the JetStream API (`{"error":{"code":..,"err_code":..,"description":..}}`).</summary>
public sealed class JetStreamApiException(int code, int errorCode, string description)
    : Exception($"JetStream API error {code}/{errorCode}: {description}")
{
    /// <summary>Stream name already in use with a different configuration.</summary>
    public const int StreamNameInUse = 10058;

    public int Code { get; } = code;

    public int ErrorCode { get; } = errorCode;
}
