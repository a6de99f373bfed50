namespace Customer360.Ingestion.RabbitMq;

/// <summary>
/// One delivery copied out of the client's buffer (the body is only valid inside the callback), with the
/// connection generation it arrived on: a tag from before a reconnect must never be acked on the new channel.
/// </summary>
internal readonly record struct RabbitMqDelivery(byte[] Body, string Exchange, string RoutingKey, ulong DeliveryTag, long Generation, DateTimeOffset? BrokerTime);
