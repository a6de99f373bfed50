using Customer360.Ingestion.Kafka.Avro;
using Customer360.IntegrationTests.Infrastructure;
using Customer360.Tests.Avro;
using Xunit;

namespace Customer360.IntegrationTests.Kafka;

/// <summary>Seed 002: CRM domain events on the crm.customer360.* topics, as JSON and as Avro in the Confluent wire format.</summary>
[Collection(KafkaTests.Name)]
public sealed class CrmTopicTests(KafkaFixture kafka)
{
    private const string Tenant = "tenant-001";

    [Fact]
    public async Task Json_and_avro_crm_events_produce_the_profiles()
    {
        // Local .avsc files mapped to the schema ids the producer puts in the wire format.
        var dir = Directory.CreateTempSubdirectory("c360-avsc-").FullName;
        await File.WriteAllTextAsync(Path.Combine(dir, "created.avsc"), AvroSchemaText("CustomerProfileCreatedEvent"));
        await File.WriteAllTextAsync(Path.Combine(dir, "merged.avsc"), AvroSchemaText("CustomerMergedEvent"));
        await using var service = await kafka.StartServiceAsync(string.Join(",", KafkaFixture.CrmTopics), "crm", new Dictionary<string, string?>
        {
            ["Kafka__AvroSchemas__42"] = Path.Combine(dir, "created.avsc"),
            ["Kafka__AvroSchemas__43"] = Path.Combine(dir, "merged.avsc"),
        });

        await kafka.ProduceAsync("crm.customer360.profile.created", "CUST-100", """
            {"eventType":"CustomerProfileCreatedEvent","eventId":"evt-4101","timestamp":"2026-02-02T09:15:00Z","aggregateId":"CUST-100",
             "tenantId":"tenant-001","payload":{"customerId":"CUST-100","name":"Acme Corp","status":"ACTIVE","primaryContactId":"CONT-10","segment":"ENTERPRISE"}}
            """);
        await kafka.ProduceAsync("crm.customer360.profile.updated", "CUST-100", """
            {"eventType":"CustomerProfileUpdatedEvent","eventId":"evt-4102","timestamp":"2026-02-02T10:00:00Z","tenantId":"tenant-001",
             "payload":{"customerId":"CUST-100","segment":"STRATEGIC","changedFields":["segment"],"updatedBy":"user-200"}}
            """);
        await kafka.ProduceAsync("crm.customer360.consent.updated", "CUST-100", """
            {"eventType":"ConsentUpdatedEvent","eventId":"evt-4104","timestamp":"2026-02-02T10:10:00Z","tenantId":"tenant-001",
             "payload":{"customerId":"CUST-100","consentType":"EMAIL","status":"GRANTED"}}
            """);
        await kafka.ProduceAsync("crm.customer360.profile.created", "CUST-200", Created(42, "evt-5001", "2026-02-03T09:30:00Z", "CUST-200", "Globex"));
        await kafka.ProduceAsync("crm.customer360.profile.created", "CUST-OLD", Created(42, "evt-5002", "2026-02-03T09:00:00Z", "CUST-OLD", "Globex Old"));
        await kafka.ProduceAsync("crm.customer360.profile.merged", "CUST-200", new AvroSpecEncoder()
            .String("evt-5003").Long(Millis("2026-02-03T10:00:00Z")).String(Tenant).String("CUST-200").String("CUST-OLD").String("DUPLICATE")
            .ToWireFormat(43));

        // Three topics: their events may be consumed in any order (the update before the create), so wait for all three.
        // Whatever the order, the 10:00 update's segment must win over the 09:15 create's.
        var acme = await Poll.UntilAsync(() => service.GetJsonAsync("/api/customers/CUST-100", Tenant),
            p => p?.GetProperty("consent").ValueKind == System.Text.Json.JsonValueKind.Object
                 && p.Value.GetProperty("name").GetString() is not null
                 && p.Value.GetProperty("segment").GetString() == "STRATEGIC", TimeSpan.FromSeconds(60), "CUST-100 created, updated and with consent");
        Assert.Equal("Acme Corp", acme!.Value.GetProperty("name").GetString());
        Assert.Equal("GRANTED", acme.Value.GetProperty("consent").GetProperty("EMAIL").GetProperty("status").GetString());

        var merged = await Poll.UntilAsync(() => service.GetJsonAsync("/api/customers/CUST-OLD", Tenant),
            p => p?.GetProperty("id").GetString() == "CUST-200", TimeSpan.FromSeconds(60), "CUST-OLD merged into CUST-200");
        Assert.Equal("Globex", merged!.Value.GetProperty("name").GetString());
        Assert.Equal("ENTERPRISE", merged.Value.GetProperty("segment").GetString());
        Assert.Equal(0, (await service.GetJsonAsync("/api/stats", Tenant))!.Value.GetProperty("deadLetters").GetInt32());
    }

    private static byte[] Created(int schemaId, string eventId, string at, string customerId, string name) => new AvroSpecEncoder()
        .String(eventId).Long(Millis(at)).String(Tenant).String(customerId).String(name).String("ACTIVE").String("ENTERPRISE")
        .ToWireFormat(schemaId);

    private static long Millis(string iso) => DateTimeOffset.Parse(iso, System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();

    private static string AvroSchemaText(string name)
    {
        using var stream = typeof(AvroSchemaResolver).Assembly.GetManifestResourceStream($"Customer360.Ingestion.Kafka.Avro.Schemas.{name}.avsc")!;
        return new StreamReader(stream).ReadToEnd();
    }
}
