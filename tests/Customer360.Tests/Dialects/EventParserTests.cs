using System.Text;
using Customer360.Core.Dialects;
using Customer360.Core.Events;
using Customer360.Tests.Samples;

namespace Customer360.Tests.Dialects;

/// <summary>What every message goes through before a dialect: size, UTF-8, JSON, detection, pinning.</summary>
public sealed class EventParserTests
{
    private readonly EventParser _parser = EventParser.CreateDefault(maxEventBytes: 64 * 1024);

    [Fact]
    public void Detects_each_dialect_from_the_shape_of_the_message()
    {
        foreach (var dialect in new[] { DialectNames.Telecom, DialectNames.CrmDomain, DialectNames.CustomerService, DialectNames.CustomerIq })
        {
            foreach (var (_, json) in SampleFiles.All(dialect))
            {
                Assert.Equal(dialect, _parser.Parse(SampleFiles.Raw(json)).Event!.Dialect);
            }
        }
    }

    [Theory]
    [InlineData("{\"source\":\"in\",", "malformed JSON")]
    [InlineData("not json at all", "malformed JSON")]
    [InlineData("[1,2]", "expected a JSON object")]
    [InlineData("{\"a\":1} trailing", "malformed JSON: 't' is invalid after a single JSON value. Expected end of data. LineNumber: 0 | BytePositionInLine: 8.")]
    [InlineData("{\"a\":[1,{\"b\":2}]}{}", "malformed JSON: '{' is invalid after a single JSON value. Expected end of data. LineNumber: 0 | BytePositionInLine: 17.")]
    [InlineData("{\"a\":tru}", "malformed JSON: 'tru}' is an invalid JSON literal")]
    [InlineData("   ", "malformed JSON: The input does not contain any JSON tokens.")]
    [InlineData("{\"hello\":\"world\"}", "no dialect recognises this event")]
    [InlineData("", "empty message")]
    public void Rejects_what_is_not_an_event_with_a_reason(string body, string reason) =>
        Assert.Contains(reason, _parser.Parse(SampleFiles.Raw(body)).Rejection, StringComparison.Ordinal);

    [Fact]
    public void Rejects_invalid_utf8_and_names_the_offset()
    {
        var bytes = Encoding.UTF8.GetBytes("{\"source\":\"in\",\"customer_id\":\"x").Concat(new byte[] { 0xC3, 0x28 }).Concat(Encoding.UTF8.GetBytes("\"}")).ToArray();
        var result = _parser.Parse(new RawMessage(bytes, "test", "t"));
        Assert.Equal("not valid UTF-8 (first bad byte at offset 31)", result.Rejection);
    }

    [Fact]
    public void Rejects_an_event_over_the_size_limit_without_parsing_it()
    {
        var huge = "{\"source\":\"in\",\"customer_id\":\"1\",\"event_type\":\"custom\",\"timestamp\":\"2024-01-15T10:30:00Z\",\"metadata\":{\"blob\":\"" + new string('x', 70_000) + "\"}}";
        Assert.StartsWith("event too large", _parser.Parse(SampleFiles.Raw(huge)).Rejection, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_hostile_nesting_depth()
    {
        var deep = "{\"source\":\"in\",\"metadata\":" + string.Concat(Enumerable.Repeat("[", 200)) + string.Concat(Enumerable.Repeat("]", 200)) + "}";
        Assert.Contains("malformed JSON", _parser.Parse(SampleFiles.Raw(deep)).Rejection, StringComparison.Ordinal);
    }

    [Fact]
    public void A_pinned_dialect_is_used_even_when_another_would_match()
    {
        var json = SampleFiles.Read(DialectNames.Telecom, "data_usage");
        var result = _parser.Parse(SampleFiles.Raw(json) with { Dialect = DialectNames.CustomerService });
        Assert.Contains("customer-service: missing required field 'event'", result.Rejection, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_pinned_dialect_is_a_rejection()
    {
        var result = _parser.Parse(SampleFiles.Raw("{}") with { Dialect = "avro" });
        Assert.StartsWith("unknown dialect 'avro'", result.Rejection, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"source\":\"in\",\"customer_id\":\"1\",\"event_type\":\"custom\",\"timestamp\":\"2024-01-15T10:30:00Z\",\"metadata\":{\"note\":\"\\ud800\"}}")]
    [InlineData("{\"customer_id\":\"c\",\"event_type\":\"profile_update\",\"timestamp\":1734134400,\"source_service\":\"s\",\"data\":{\"custom_fields\":{\"x\":\"\\udc00\"}}}")]
    [InlineData("{\"customer_id\":\"c\",\"event_type\":\"profile_update\",\"timestamp\":1734134400,\"source_service\":\"s\",\"data\":{\"custom_fields\":{\"\\ud83d\":\"x\"}}}")]
    public void Rejects_a_lone_surrogate_escape_instead_of_failing_the_batch_later(string json) =>
        Assert.Contains("lone UTF-16 surrogate", _parser.Parse(SampleFiles.Raw(json)).Rejection, StringComparison.Ordinal);
}
