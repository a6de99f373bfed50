using System.Text.Json;
using System.Text.Json.Nodes;

namespace Customer360.Ingestion.Kafka.Avro;

/// <summary>
/// Turns a decoded Avro CRM record into the crm-domain JSON the CrmDomainDialect reads: the record name is
/// the eventType, eventId/timestamp/tenantId/aggregateId go to the envelope, every other field to payload.
/// </summary>
public static class AvroCrmMapper
{
    private static readonly HashSet<string> EnvelopeFields = ["eventType", "eventId", "timestamp", "tenantId", "aggregateId", "source"];

    public static byte[] ToCrmJson(AvroSchema schema, JsonNode? decoded)
    {
        if (schema.Kind != AvroKind.Record || decoded is not JsonObject record)
        {
            throw new FormatException($"expected an Avro record, the schema is {schema.Kind}");
        }

        var payload = record["payload"] is JsonObject nested ? (JsonObject)nested.DeepClone() : new JsonObject();
        var envelope = new JsonObject
        {
            ["eventType"] = record["eventType"]?.DeepClone() ?? schema.SimpleName,
        };
        foreach (var (name, value) in record)
        {
            if (EnvelopeFields.Contains(name))
            {
                envelope[name] = value?.DeepClone();
            }
            else if (name != "payload")
            {
                payload[name] = value?.DeepClone();
            }
        }

        envelope["aggregateId"] ??= payload["customerId"]?.DeepClone() ?? payload["targetCustomerId"]?.DeepClone();
        envelope["payload"] = payload;
        return JsonSerializer.SerializeToUtf8Bytes(envelope);
    }
}
