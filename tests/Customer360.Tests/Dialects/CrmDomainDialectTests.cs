using Customer360.Core.Dialects;
using Customer360.Tests.Samples;

namespace Customer360.Tests.Dialects;

public sealed class CrmDomainDialectTests
{
    private readonly EventParser _parser = EventParser.CreateDefault();

    public static TheoryData<string> Samples => SampleFiles.Names(DialectNames.CrmDomain);

    [Theory]
    [MemberData(nameof(Samples))]
    public void Accepts_every_seed_example_with_its_tenant(string name)
    {
        var result = _parser.Parse(SampleFiles.Raw(SampleFiles.Read(DialectNames.CrmDomain, name)));
        Assert.True(result.Accepted, result.Rejection);
        Assert.Equal(DialectNames.CrmDomain, result.Event!.Dialect);
        Assert.Equal("tenant-001", result.Event.TenantId);
        Assert.Equal("CUST-100", result.Event.CustomerId);
        Assert.StartsWith("evt-41", result.Event.EventId, StringComparison.Ordinal);
    }

    [Fact]
    public void Reads_epoch_millis_as_avro_timestamp_millis_sends_them()
    {
        var e = _parser.Parse(SampleFiles.Raw("""
            {"eventType":"CustomerProfileCreatedEvent","eventId":"evt-1","timestamp":1770023700000,"tenantId":"t","payload":{"customerId":"C1","name":"N"}}
            """)).Event!;
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1770023700000), e.OccurredAt);
    }

    [Fact]
    public void Takes_the_customer_from_aggregateId_when_the_payload_has_none()
    {
        var e = _parser.Parse(SampleFiles.Raw("""
            {"eventType":"ContractActivatedEvent","eventId":"evt-9","timestamp":"2026-02-02T09:15:00Z","aggregateId":"CUST-7","payload":{"contractId":"K-1"}}
            """)).Event!;
        Assert.Equal("CUST-7", e.CustomerId);
        Assert.Equal(DialectNames.DefaultTenant, e.TenantId);
    }

    [Fact]
    public void Rejects_the_seed_abbreviated_update_that_carries_no_time()
    {
        // Seed 002 prints CustomerProfileUpdatedEvent without its envelope; without a time it cannot be ordered.
        var result = _parser.Parse(SampleFiles.Raw("""
            {"eventType":"CustomerProfileUpdatedEvent","payload":{"customerId":"CUST-100","changedFields":["segment","status"],"updatedBy":"user-200"}}
            """));
        Assert.Contains("missing required field 'timestamp'", result.Rejection, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_a_merge_without_a_source()
    {
        var result = _parser.Parse(SampleFiles.Raw("""
            {"eventType":"CustomerMergedEvent","eventId":"e","timestamp":"2026-02-02T10:05:00Z","payload":{"targetCustomerId":"CUST-100"}}
            """));
        Assert.Contains("sourceCustomerId", result.Rejection, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_an_event_without_any_customer_reference()
    {
        var result = _parser.Parse(SampleFiles.Raw("""{"eventType":"ConsentUpdatedEvent","timestamp":"2026-02-02T10:05:00Z","payload":{"consentType":"EMAIL"}}"""));
        Assert.Contains("no customer reference", result.Rejection, StringComparison.Ordinal);
    }
}
