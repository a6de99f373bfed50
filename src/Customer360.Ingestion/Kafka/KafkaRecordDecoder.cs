using System.Buffers.Binary;
using Customer360.Core.Events;
using Customer360.Core.Dialects;
using Customer360.Ingestion.Kafka.Avro;

namespace Customer360.Ingestion.Kafka;

/// <summary>What one Kafka record becomes: a message for the dialects, or a rejection that keeps the original bytes.</summary>
public readonly record struct DecodedRecord(RawMessage Raw, string? Rejection);

/// <summary>
/// Kafka record -> RawMessage. JSON passes through (with the topic's pinned dialect, if any). Avro in the
/// Confluent wire format (magic 0 + big-endian schema id; JSON never starts with a 0 byte), or bare Avro on a
/// topic pinned to `avro`, is decoded to crm-domain JSON. A record that fails to decode is rejected with
/// its original bytes and the reason.
/// </summary>
public sealed class KafkaRecordDecoder(KafkaOptions options, AvroSchemaResolver schemas)
{
    public const string AvroDialect = "avro";

    public async ValueTask<DecodedRecord> DecodeAsync(string topic, int partition, long offset, byte[] value, DateTimeOffset? brokerTime,
        CancellationToken cancellationToken)
    {
        var pinned = options.TopicDialects.GetValueOrDefault(topic);
        var raw = new RawMessage(value, "kafka", $"kafka:{topic}/{partition}@{offset}")
        {
            Tenant = options.Tenant,
            Dialect = pinned == AvroDialect ? null : pinned,
            BrokerTime = brokerTime,
        };
        if (value.Length > 0 && value[0] == 0)
        {
            if (value.Length < 5)
            {
                return new(raw, "avro: wire format needs a magic byte and a 4-byte schema id, got " + value.Length + " byte(s)");
            }

            var id = BinaryPrimitives.ReadInt32BigEndian(value.AsSpan(1, 4));
            var schema = await schemas.ForIdAsync(id, cancellationToken) ?? schemas.ForTopic(topic);
            return schema is null
                ? new(raw, $"avro: schema id {id} is unknown (no local .avsc for it or topic {topic}, and the schema registry does not have it)")
                : Decode(raw, schema, value.AsMemory(5), $"schema id {id}");
        }

        if (pinned == AvroDialect)
        {
            var schema = schemas.ForTopic(topic);
            return schema is null
                ? new(raw, $"avro: topic {topic} is pinned to avro but has no .avsc (Kafka:AvroSchemas)")
                : Decode(raw, schema, value, $"topic schema {schema.Name}");
        }

        return new(raw, null);
    }

    private static DecodedRecord Decode(RawMessage raw, AvroSchema schema, ReadOnlyMemory<byte> data, string which)
    {
        try
        {
            var json = AvroCrmMapper.ToCrmJson(schema, AvroDecoder.Decode(schema, data.Span));
            return new(raw with { Body = json, Dialect = DialectNames.CrmDomain }, null);
        }
        catch (FormatException ex)
        {
            return new(raw, $"avro: cannot decode with {which} ({schema.Name}): {ex.Message}");
        }
    }
}
