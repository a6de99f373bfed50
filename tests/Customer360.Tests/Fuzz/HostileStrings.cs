using System.Text.Json.Nodes;

namespace Customer360.Tests.Fuzz;

/// <summary>
/// The hostile text and wrong-typed values the fuzz suite puts into events. Shared (by link) with the
/// integration and browser tests, so every transport and the page see the same strings.
/// </summary>
public static class HostileStrings
{
    /// <summary>SQL and HTML injection: valid text that must be stored byte for byte and shown as text.</summary>
    public static readonly string[] Injections =
    [
        "'; DROP TABLE customers;--",
        "<script>window.__xss=1</script>",
        "\"><img src=x onerror=alert(1)>",
        "' OR '1'='1",
        "Robert'); DELETE FROM timeline; --",
        "<svg onload=alert(1)>",
        "{{7*7}} ${7*7} <%= 7*7 %>",
        "\u0000NUL and \u202Eright-to-left\u202C and emoji \U0001F4A9",
        "a\" onmouseover=\"alert(1)",
        "</textarea><iframe src=javascript:alert(1)>",
    ];

    /// <summary>Injection strings usable as a customer id in a URL path (no '/', no control characters).</summary>
    public static readonly string[] IdSafeInjections = [.. Injections.Where(s => !s.Contains('/') && !s.Any(char.IsControl))];

    /// <summary>Values of the wrong JSON type for a field that must be a string (numbers are accepted as text).</summary>
    public static JsonNode?[] NotAString() => [new JsonObject { ["id"] = 1 }, new JsonArray("a", "b"), true, false];

    /// <summary>Values of the wrong type for an optional string field (booleans are read as "true"/"false").</summary>
    public static JsonNode?[] NotAScalar() => [new JsonObject { ["x"] = "y" }, new JsonArray(1, 2)];

    public static JsonNode?[] NotANumber() => [new JsonObject { ["n"] = 1 }, new JsonArray(1), true, "abc", "NaN", "Infinity"];

    public static JsonNode?[] NotATime() => [new JsonObject { ["t"] = 1 }, new JsonArray(1734000000), true, "yesterday", "2024-13-45T99:00:00Z", 12, -1734000000];

    public static JsonNode?[] NotAnObject() => [new JsonArray(1, 2), "text", 42, true];

    /// <summary>
    /// Per dialect, the envelope fields it validates and the wrong values for each (a path "data.customer_id"
    /// names a nested field). Every one of these must end as a dead letter.
    /// </summary>
    public static IReadOnlyList<(string Path, Func<JsonNode?[]> Values)> WrongTypeFields(string dialect) => dialect switch
    {
        "telecom" =>
        [
            ("source", NotAString), ("customer_id", NotAString), ("event_type", () => [.. NotAString(), 42]),
            ("timestamp", NotATime), ("value", NotANumber), ("metadata", NotAnObject), ("event_id", NotAScalar), ("tenant_id", NotAScalar),
        ],
        "crm-domain" =>
        [
            ("eventType", () => [.. NotAString(), 42]), ("payload", NotAnObject), ("eventId", NotAScalar), ("aggregateId", NotAScalar),
            ("tenantId", NotAScalar), ("timestamp", NotATime),
        ],
        "customer-service" =>
        [
            ("event", () => [.. NotAString(), 42]), ("data", NotAnObject), ("organization_id", NotAScalar), ("event_id", NotAScalar),
            ("timestamp", NotATime), ("data.customer_id", NotAString),
        ],
        "customeriq" =>
        [
            ("event_type", () => [.. NotAString(), 42]), ("source_service", NotAString), ("customer_id", NotAScalar),
            ("data", NotAnObject), ("metadata", NotAnObject), ("event_id", NotAScalar), ("timestamp", NotATime), ("tenant_id", NotAScalar),
        ],
        _ => throw new ArgumentOutOfRangeException(nameof(dialect), dialect, "no such dialect"),
    };
}
