using System.Text.Json;

namespace Customer360.Core.Profiles;

/// <summary>A timeline row: every accepted event becomes exactly one.</summary>
public sealed record TimelineEntry(
    string EventId, string Type, DateTimeOffset OccurredAt, string Source, string Dialect,
    string? Title, string? Description, string? Summary, decimal? Amount, JsonElement Data);

public sealed record Purchase(
    string Id, string? ProductName, string? Sku, decimal? Quantity, decimal? Price, decimal? Total,
    string? Currency, DateTimeOffset PurchasedAt, DateTimeOffset? WarrantyExpires, string EventId, JsonElement Data);

public sealed record WorkOrder(
    string Id, string? OrderType, string? Description, string? Summary, string? Status, string? Priority,
    string? AssignedTo, string? ProductId, decimal? Cost, DateTimeOffset CreatedAt, string EventId, JsonElement Data);

public sealed record KnowledgeEntry(
    string Id, string Content, string? Summary, string? Category, string? Importance, string? Source,
    DateTimeOffset CreatedAt, string EventId);

public sealed record CreditUsage(
    string Id, string? OrderId, decimal? Amount, decimal? AvailableAfter, string? DueDate, DateTimeOffset UsedAt, string EventId);

public sealed record CreditAlert(
    string Id, string Kind, decimal? AttemptedAmount, decimal? Available, decimal? Shortfall, DateTimeOffset At, string EventId);

public sealed record Entitlement(
    string Id, string? Product, string? Status, DateTimeOffset ActivatedAt, string EventId, JsonElement Data);
