using System.Threading.Channels;

namespace Customer360.Ingestion.Nats.Client;

/// <summary>A subscription: messages arrive in a bounded buffer; when the reader falls behind, new ones are dropped and counted.</summary>
public interface INatsSubscription : IAsyncDisposable
{
    string Subject { get; }

    string? QueueGroup { get; }

    ChannelReader<NatsMessage> Messages { get; }

    /// <summary>Messages dropped because the buffer was full (slow consumer).</summary>
    long Dropped { get; }
}
