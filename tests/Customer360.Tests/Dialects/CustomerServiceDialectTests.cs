using Customer360.Core.Dialects;
using Customer360.Tests.Samples;

namespace Customer360.Tests.Dialects;

public sealed class CustomerServiceDialectTests
{
    private readonly EventParser _parser = EventParser.CreateDefault();

    public static TheoryData<string> Samples => SampleFiles.Names(DialectNames.CustomerService);

    [Theory]
    [MemberData(nameof(Samples))]
    public void Accepts_every_seed_example_with_organization_as_tenant(string name)
    {
        var result = _parser.Parse(SampleFiles.Raw(SampleFiles.Read(DialectNames.CustomerService, name)));
        Assert.True(result.Accepted, result.Rejection);
        Assert.Equal(DialectNames.CustomerService, result.Event!.Dialect);
        Assert.Equal("org_001", result.Event.TenantId);
        Assert.Equal(name, result.Event.Type);
        Assert.StartsWith("cust_", result.Event.CustomerId, StringComparison.Ordinal);
    }

    [Fact]
    public void Reads_the_email_of_a_created_customer_normalised()
    {
        var e = _parser.Parse(SampleFiles.Raw(SampleFiles.Read(DialectNames.CustomerService, "customer.created"))).Event!;
        Assert.Equal("juan@example.com", e.Email);
        Assert.Equal("+507 6000-0000", e.Phone);
    }

    [Fact]
    public void The_source_tenant_applies_only_when_the_event_names_none()
    {
        var json = """{"event":"customer.created","timestamp":"2025-11-24T10:00:00Z","data":{"customer_id":"c"}}""";
        var raw = SampleFiles.Raw(json) with { Tenant = "from-source" };
        Assert.Equal("from-source", _parser.Parse(raw).Event!.TenantId);

        var own = SampleFiles.Raw(SampleFiles.Read(DialectNames.CustomerService, "customer.created")) with { Tenant = "from-source" };
        Assert.Equal("org_001", _parser.Parse(own).Event!.TenantId);
    }

    [Theory]
    [InlineData("""{"event":"credit.used","timestamp":"2025-11-24T15:00:00Z","data":{}}""", "missing required field 'data.customer_id'")]
    [InlineData("""{"event":"credit.used","timestamp":"2025-11-24T15:00:00Z","data":"cust_1"}""", "'data' must be an object")]
    [InlineData("""{"event":42,"timestamp":"2025-11-24T15:00:00Z","data":{"customer_id":"c"}}""", "field 'event' must be a string")]
    public void Rejects_with_a_reason(string json, string reason) =>
        Assert.Contains(reason, _parser.Parse(SampleFiles.Raw(json)).Rejection, StringComparison.Ordinal);
}
