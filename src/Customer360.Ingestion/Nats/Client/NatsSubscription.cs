using System.Threading.Channels;

namespace Customer360.Ingestion.Nats.Client;

/// <summary>One SUB: a sid, a bounded channel the read loop fills, a drop counter.</summary>
internal sealed class NatsSubscription : INatsSubscription
{
    private readonly NatsConnection _connection;
    private readonly Channel<NatsMessage> _channel;
    private readonly Action<NatsMessage>? _handler;
    private long _dropped;

    public NatsSubscription(NatsConnection connection, long sid, string subject, string? queueGroup, int capacity, Action<NatsMessage>? handler = null)
    {
        _connection = connection;
        Sid = sid;
        Subject = subject;
        QueueGroup = queueGroup;
        _handler = handler;
        _channel = Channel.CreateBounded<NatsMessage>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.Wait, // TryWrite then fails instead of blocking the read loop: we count the drop
            SingleWriter = true,
        });
    }

    public long Sid { get; }

    public string Subject { get; }

    public string? QueueGroup { get; }

    public ChannelReader<NatsMessage> Messages => _channel.Reader;

    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Called on the read loop: never blocks. Returns false when the message was dropped.</summary>
    public bool Deliver(NatsMessage message)
    {
        if (_handler is not null)
        {
            _handler(message);
            return true;
        }

        if (_channel.Writer.TryWrite(message))
        {
            return true;
        }

        Interlocked.Increment(ref _dropped);
        return false;
    }

    public void Complete() => _channel.Writer.TryComplete();

    public async ValueTask DisposeAsync()
    {
        await _connection.UnsubscribeAsync(this);
        Complete();
    }
}
