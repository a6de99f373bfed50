namespace Customer360.Ingestion.Kafka.Avro;

/// <summary>One field of an Avro record, in writer order (the binary encoding has no field names).</summary>
public sealed record AvroField(string Name, AvroSchema Schema);
