using System.Text.Json;

namespace Customer360.Core.Events;

/// <summary>The one canonical event every dialect produces and every projection consumes.</summary>
public sealed record CustomerEvent
{
    public required string EventId { get; init; }
    public required string TenantId { get; init; }

    /// <summary>Customer id as the producer named it; null when only email/phone identify the customer.</summary>
    public string? CustomerId { get; init; }
    public string? Email { get; init; }
    public string? Phone { get; init; }

    public required string Type { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }

    /// <summary>The producing system (telecom `source`, customeriq `source_service`, ...).</summary>
    public required string Source { get; init; }
    public required string Dialect { get; init; }
    public required string Origin { get; init; }

    public decimal? Amount { get; init; }
    public string? Title { get; init; }
    public string? Description { get; init; }

    /// <summary>The event's payload object (telecom metadata, crm payload, data); an empty object when absent.</summary>
    public required JsonElement Data { get; init; }

    /// <summary>The telecom `metadata` / customeriq `metadata` object, when present.</summary>
    public JsonElement? Metadata { get; init; }
}
