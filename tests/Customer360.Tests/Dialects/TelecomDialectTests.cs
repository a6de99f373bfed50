using Customer360.Core.Dialects;
using Customer360.Tests.Samples;

namespace Customer360.Tests.Dialects;

public sealed class TelecomDialectTests
{
    private readonly EventParser _parser = EventParser.CreateDefault();

    public static TheoryData<string> Samples => SampleFiles.Names(DialectNames.Telecom);

    [Theory]
    [MemberData(nameof(Samples))]
    public void Accepts_every_seed_example_as_telecom(string name)
    {
        var result = _parser.Parse(SampleFiles.Raw(SampleFiles.Read(DialectNames.Telecom, name)));
        Assert.True(result.Accepted, result.Rejection);
        Assert.Equal(DialectNames.Telecom, result.Event!.Dialect);
        Assert.Equal(DialectNames.DefaultTenant, result.Event.TenantId);
        Assert.Equal("in", result.Event.Source);
    }

    [Fact]
    public void An_event_without_an_id_gets_the_same_content_id_in_every_version_and_whitespace()
    {
        // sha256("in\n" + compact JSON), first 16 bytes: pinned, because stored ids must still match a redelivery after an upgrade.
        const string compact = """{"source":"in","customer_id":"1234567890","event_type":"recharge","timestamp":"2024-01-15T10:00:00Z","value":100}""";
        const string spaced = """{ "source": "in", "customer_id": "1234567890", "event_type": "recharge", "timestamp": "2024-01-15T10:00:00Z", "value": 100 }""";
        Assert.Equal("h-d30c9ea27789a5c1f5f4f8a0409f0ac0", _parser.Parse(SampleFiles.Raw(compact)).Event!.EventId);
        Assert.Equal("h-d30c9ea27789a5c1f5f4f8a0409f0ac0", _parser.Parse(SampleFiles.Raw(spaced)).Event!.EventId);
    }

    [Fact]
    public void Reads_the_seed_000_event_fields()
    {
        var e = _parser.Parse(SampleFiles.Raw(SampleFiles.Read(DialectNames.Telecom, "data_usage"))).Event!;
        Assert.Equal("1234567890", e.CustomerId);
        Assert.Equal("data_usage", e.Type);
        Assert.Equal(500.5m, e.Amount);
        Assert.Equal(new DateTimeOffset(2024, 1, 15, 10, 30, 0, TimeSpan.Zero), e.OccurredAt);
        Assert.StartsWith("h-", e.EventId, StringComparison.Ordinal);
    }

    [Fact]
    public void Same_event_with_other_whitespace_gets_the_same_id()
    {
        var compact = """{"source":"in","customer_id":"1","event_type":"recharge","timestamp":"2024-01-15T10:30:00Z","value":5}""";
        var spaced = """{ "source": "in", "customer_id": "1", "event_type": "recharge", "timestamp": "2024-01-15T10:30:00Z", "value": 5 }""";
        Assert.Equal(_parser.Parse(SampleFiles.Raw(compact)).Event!.EventId, _parser.Parse(SampleFiles.Raw(spaced)).Event!.EventId);
    }

    [Fact]
    public void Accepts_a_numeric_msisdn_and_a_null_value()
    {
        var e = _parser.Parse(SampleFiles.Raw("""{"source":"in","customer_id":1234567890,"event_type":"app_login","timestamp":"2024-01-15T10:30:00Z","value":null}""")).Event!;
        Assert.Equal("1234567890", e.CustomerId);
        Assert.Null(e.Amount);
    }

    [Theory]
    [InlineData("""{"customer_id":"1","event_type":"recharge","timestamp":"2024-01-15T10:30:00Z"}""", "missing required field 'source'")]
    [InlineData("""{"source":"in","event_type":"recharge","timestamp":"2024-01-15T10:30:00Z"}""", "missing required field 'customer_id'")]
    [InlineData("""{"source":"in","customer_id":"1","event_type":"recharge"}""", "missing required field 'timestamp'")]
    [InlineData("""{"source":"in","customer_id":"1","event_type":"recharge","timestamp":"soon"}""", "unparseable timestamp")]
    [InlineData("""{"source":"in","customer_id":"1","event_type":"recharge","timestamp":"2024-01-15T10:30:00Z","value":"fifty"}""", "'value' must be a number")]
    [InlineData("""{"source":"in","customer_id":{"id":1},"event_type":"recharge","timestamp":"2024-01-15T10:30:00Z"}""", "'customer_id' must be a string")]
    [InlineData("""{"source":"in","customer_id":"1","event_type":"recharge","timestamp":"2024-01-15T10:30:00Z","metadata":[1]}""", "'metadata' must be an object")]
    [InlineData("""{"source":"in","customer_id":"  ","event_type":"recharge","timestamp":"2024-01-15T10:30:00Z"}""", "'customer_id' is empty")]
    public void Rejects_with_a_reason_naming_the_field(string json, string reason)
    {
        var result = _parser.Parse(SampleFiles.Raw(json));
        Assert.False(result.Accepted);
        Assert.Contains(reason, result.Rejection, StringComparison.Ordinal);
    }

    [Fact]
    public void Uses_the_broker_time_when_the_envelope_has_none()
    {
        var raw = SampleFiles.Raw("""{"source":"in","customer_id":"1","event_type":"recharge","value":5}""") with
        {
            BrokerTime = new DateTimeOffset(2024, 2, 1, 0, 0, 0, TimeSpan.Zero),
        };
        Assert.Equal(raw.BrokerTime, _parser.Parse(raw).Event!.OccurredAt);
    }
}
