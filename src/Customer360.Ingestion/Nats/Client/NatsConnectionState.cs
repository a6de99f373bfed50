namespace Customer360.Ingestion.Nats.Client;

public enum NatsConnectionState
{
    Disconnected,
    Connecting,
    Connected,
    Reconnecting,
    Draining,
    Closed,
}
