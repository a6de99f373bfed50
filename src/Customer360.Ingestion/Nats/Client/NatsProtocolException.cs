namespace Customer360.Ingestion.Nats.Client;

/// <summary>The byte stream from the server is not valid NATS protocol; the connection is dropped and re-established.</summary>
public sealed class NatsProtocolException(string message) : Exception(message);
