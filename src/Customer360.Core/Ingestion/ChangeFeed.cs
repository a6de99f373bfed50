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

    public bool HasSubscribers => !_subscribers.IsEmpty;

    public void Publish(IReadOnlyList<IngestItem> items, IReadOnlyList<Ingestion.IngestOutcome> outcomes)
    {
        if (_subscribers.IsEmpty)
        {
            return;
        }

        var changed = new HashSet<(string, string)>();
        Collect(items, outcomes, changed);
        Publish(changed);
    }

    /// <summary>Adds the customers (tenant, id) whose views a batch's accepted events changed: the owner and the id the event named.</summary>
    public static void Collect(IReadOnlyList<IngestItem> items, IReadOnlyList<Ingestion.IngestOutcome> outcomes, HashSet<(string, string)> changed)
    {
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
    }

    /// <summary>Signals the subscribers of the changed customers, once their writes are committed.</summary>
    public void Publish(IReadOnlySet<(string, string)> changed)
    {
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
