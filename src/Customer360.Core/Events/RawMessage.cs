namespace Customer360.Core.Events;

/// <summary>
/// One message as a source received it, before any dialect looked at it. Broker types stay in their
/// source; what the core needs of them (origin, broker time, pinned dialect, tenant) travels here.
/// Body must not be written to once the message exists: the parsed event reads its payload from it in place.
/// </summary>
public sealed record RawMessage(ReadOnlyMemory<byte> Body, string Source, string Origin)
{
    /// <summary>Tenant configured on the source; the envelope's own tenant wins over it.</summary>
    public string? Tenant { get; init; }

    /// <summary>When set (an API key's tenant), an event that names any other tenant is rejected.</summary>
    public string? RequiredTenant { get; init; }

    /// <summary>Dialect pinned by the source (e.g. per topic); null means auto-detect.</summary>
    public string? Dialect { get; init; }

    /// <summary>Time the broker stamped (Kafka message time); used only when the envelope has no time.</summary>
    public DateTimeOffset? BrokerTime { get; init; }

    public DateTimeOffset ReceivedAt { get; init; } = DateTimeOffset.UtcNow;

    /// <summary>Who sent it, when known (an API key's name): the audit log names them for the merges it makes.</summary>
    public string? Actor { get; init; }

    public static RawMessage FromString(string body, string source, string origin) =>
        new(System.Text.Encoding.UTF8.GetBytes(body), source, origin);
}
