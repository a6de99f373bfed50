using System.Text.Json;
using Customer360.Core.Dialects;
using Customer360.Core.Events;
using Customer360.Ingestion.Kafka;
using Customer360.Ingestion.Kafka.Avro;
using Xunit;

namespace Customer360.Tests.Avro;

public sealed class AvroCrmMapperTests
{
    private static readonly DateTimeOffset At = new(2026, 2, 2, 9, 15, 0, TimeSpan.Zero);

    private static byte[] CreatedEvent() => new AvroSpecEncoder()
        .String("evt-4101").Long(At.ToUnixTimeMilliseconds()).String("tenant-001").String("CUST-100")
        .String("Acme Corp").String("ACTIVE").String("ENTERPRISE")
        .ToArray();

    [Fact]
    public void The_seed_created_schema_maps_to_a_crm_domain_event()
    {
        var schema = AvroSchemaResolver.BuiltIn("CustomerProfileCreatedEvent");
        var json = AvroCrmMapper.ToCrmJson(schema, AvroDecoder.Decode(schema, CreatedEvent()));

        var result = EventParser.CreateDefault().Parse(new RawMessage(json, "kafka", "kafka:t/0@0") { Dialect = DialectNames.CrmDomain });

        Assert.True(result.Accepted, result.Rejection);
        var e = result.Event!;
        Assert.Equal("CustomerProfileCreatedEvent", e.Type);
        Assert.Equal("evt-4101", e.EventId);
        Assert.Equal("CUST-100", e.CustomerId);
        Assert.Equal("tenant-001", e.TenantId);
        Assert.Equal(At, e.OccurredAt);
        using var doc = JsonDocument.Parse(json);
        Assert.Equal("Acme Corp", doc.RootElement.GetProperty("payload").GetProperty("name").GetString());
    }

    [Fact]
    public async Task Wire_format_with_a_topic_default_schema_decodes_and_bad_avro_is_rejected_with_its_bytes()
    {
        var decoder = new KafkaRecordDecoder(new KafkaOptions(), new AvroSchemaResolver(new KafkaOptions()));
        var good = new AvroSpecEncoder().Raw(CreatedEvent()).ToWireFormat(7);
        var ok = await decoder.DecodeAsync("crm.customer360.profile.created", 1, 5, good, null, CancellationToken.None);
        Assert.Null(ok.Rejection);
        Assert.Equal(DialectNames.CrmDomain, ok.Raw.Dialect);
        Assert.Equal("kafka:crm.customer360.profile.created/1@5", ok.Raw.Origin);

        var bad = good[..12];
        var rejected = await decoder.DecodeAsync("crm.customer360.profile.created", 1, 6, bad, null, CancellationToken.None);
        Assert.Contains("avro: cannot decode", rejected.Rejection, StringComparison.Ordinal);
        Assert.Equal(bad, rejected.Raw.Body.ToArray());

        var unknown = await decoder.DecodeAsync("customer-events", 0, 1, good, null, CancellationToken.None);
        Assert.Contains("schema id 7 is unknown", unknown.Rejection, StringComparison.Ordinal);
    }
}
