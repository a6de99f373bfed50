using System.Collections.Concurrent;
using System.Threading.Channels;
using Customer360.Core.Storage;

namespace Customer360.Core.Ingestion;

/// <summary>
/// Tells live subscribers (SSE) which customers changed after each committed batch. Subscribers get a
/// bounded channel: a slow reader drops notifications, never slows ingestion.
/// </summary>
public sealed class ChangeFeed
{
    private readonly ConcurrentDictionary<Guid, Subscription> _subscribers = new();

    public Subscription Subscribe(string tenantId, string customerId)
    {
        var sub = new Subscription(this, tenantId, customerId);
        _subscribers[sub.Id] = sub;
        return sub;
    }

    /// <summary>After a rebuild every open view may have changed.</summary>
    public void PublishAll()
    {
        foreach (var sub in _subscribers.Values)
        {
            sub.Signal();
        }
    }

    public void Publish(IReadOnlyList<IngestItem> items, IReadOnlyList<Ingestion.IngestOutcome> outcomes)
    {
        if (_subscribers.IsEmpty)
        {
            return;
        }

        var changed = new HashSet<(string, string)>();
        for (var i = 0; i < items.Count; i++)
        {
            if (outcomes[i] is { Status: IngestStatus.Accepted, CustomerId: { } id } && items[i].Event is { } e)
            {
                changed.Add((e.TenantId, id));
                if (e.CustomerId is { } original)
                {
                    changed.Add((e.TenantId, original));
                }
            }
        }

        foreach (var sub in _subscribers.Values)
        {
            if (changed.Contains((sub.TenantId, sub.CustomerId)))
            {
                sub.Signal();
            }
        }
    }

    public sealed class Subscription : IDisposable
    {
        private readonly ChangeFeed _feed;
        private readonly Channel<bool> _channel = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

        internal Subscription(ChangeFeed feed, string tenantId, string customerId)
        {
            _feed = feed;
            TenantId = tenantId;
            CustomerId = customerId;
        }

        public Guid Id { get; } = Guid.NewGuid();
        public string TenantId { get; }
        public string CustomerId { get; }

        public ChannelReader<bool> Changes => _channel.Reader;

        internal void Signal() => _channel.Writer.TryWrite(true);

        public void Dispose()
        {
            _feed._subscribers.TryRemove(Id, out _);
            _channel.Writer.TryComplete();
        }
    }
}
