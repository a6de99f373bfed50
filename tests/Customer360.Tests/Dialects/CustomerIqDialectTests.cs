using Customer360.Core.Dialects;
using Customer360.Tests.Samples;

namespace Customer360.Tests.Dialects;

public sealed class CustomerIqDialectTests
{
    private readonly EventParser _parser = EventParser.CreateDefault();

    public static TheoryData<string> Samples => SampleFiles.Names(DialectNames.CustomerIq);

    [Theory]
    [MemberData(nameof(Samples))]
    public void Accepts_every_seed_example(string name)
    {
        var result = _parser.Parse(SampleFiles.Raw(SampleFiles.Read(DialectNames.CustomerIq, name)));
        Assert.True(result.Accepted, result.Rejection);
        Assert.Equal(DialectNames.CustomerIq, result.Event!.Dialect);
    }

    [Fact]
    public void Reads_the_purchase_example()
    {
        var e = _parser.Parse(SampleFiles.Raw(SampleFiles.Read(DialectNames.CustomerIq, "purchase"))).Event!;
        Assert.Equal("cust_001", e.CustomerId);
        Assert.Equal("john.smith@example.com", e.Email);
        Assert.Equal("e-commerce-service", e.Source);
        Assert.Equal(299.99m, e.Amount);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1734134400), e.OccurredAt);
        Assert.Equal("Purchase: Wireless Headphones Pro", e.Title);
    }

    [Theory]
    [InlineData("email")]
    [InlineData("customer_email")]
    public void Accepts_an_event_known_only_by_email(string field)
    {
        var json = """{"event_type":"contact","timestamp":1734134400,"source_service":"s","data":{"FIELD":"Jane@Example.com"}}""";
        var e = _parser.Parse(SampleFiles.Raw(json.Replace("FIELD", field, StringComparison.Ordinal))).Event!;
        Assert.Null(e.CustomerId);
        Assert.Equal("jane@example.com", e.Email);
    }

    [Fact]
    public void Rejects_an_event_with_neither_customer_id_nor_email()
    {
        var result = _parser.Parse(SampleFiles.Raw("""{"event_type":"contact","timestamp":1734134400,"source_service":"s","data":{}}"""));
        Assert.Contains("needs customer_id, or data.email", result.Rejection, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_a_timestamp_of_the_wrong_type()
    {
        var result = _parser.Parse(SampleFiles.Raw("""{"customer_id":"c","event_type":"contact","timestamp":true,"source_service":"s"}"""));
        Assert.Contains("unparseable timestamp", result.Rejection, StringComparison.Ordinal);
    }
}
