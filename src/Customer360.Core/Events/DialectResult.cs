namespace Customer360.Core.Events;

/// <summary>What a dialect made of a message: an event, or the reason it could not.</summary>
public readonly record struct DialectResult(CustomerEvent? Event, string? Rejection)
{
    public bool Accepted => Event is not null;

    public static DialectResult Ok(CustomerEvent e) => new(e, null);

    public static DialectResult Reject(string reason) => new(null, reason);
}
