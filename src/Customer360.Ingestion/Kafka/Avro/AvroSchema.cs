using System.Text.Json;

namespace Customer360.Ingestion.Kafka.Avro;

/// <summary>
/// A parsed Avro schema (the subset our decoder reads: primitives, record, enum, array, map, union, fixed).
/// Named types may be referenced by name or full name after their definition, as the spec allows.
/// </summary>
public sealed class AvroSchema
{
    private AvroSchema(AvroKind kind, string? name = null)
    {
        Kind = kind;
        Name = name;
    }

    public AvroKind Kind { get; }

    /// <summary>Full name of a record, enum or fixed (namespace.name).</summary>
    public string? Name { get; }

    /// <summary>Simple name (without namespace) of a named type.</summary>
    public string? SimpleName => Name?[(Name.LastIndexOf('.') + 1)..];

    public IReadOnlyList<AvroField> Fields { get; private set; } = [];
    public IReadOnlyList<string> Symbols { get; private set; } = [];
    public IReadOnlyList<AvroSchema> Branches { get; private set; } = [];
    public AvroSchema? Items { get; private set; }
    public int Size { get; private set; }

    public static AvroSchema Parse(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return Parse(doc.RootElement, null, new Dictionary<string, AvroSchema>());
    }

    private static AvroSchema Parse(JsonElement e, string? ns, Dictionary<string, AvroSchema> named)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.String:
                return Named(e.GetString()!, ns, named);
            case JsonValueKind.Array:
                return new AvroSchema(AvroKind.Union) { Branches = e.EnumerateArray().Select(b => Parse(b, ns, named)).ToArray() };
            case JsonValueKind.Object:
                break;
            default:
                throw new FormatException($"not an Avro schema: {e.GetRawText()}");
        }

        var type = e.TryGetProperty("type", out var t) ? t : throw new FormatException("Avro schema object without 'type'");
        if (t.ValueKind != JsonValueKind.String)
        {
            return Parse(type, ns, named); // {"type": {...}} or {"type": [...]}
        }

        switch (type.GetString())
        {
            case "record" or "error":
            {
                var (full, space) = FullName(e, ns);
                var record = new AvroSchema(AvroKind.Record, full);
                named[full] = record; // before the fields: a record may refer to itself
                named.TryAdd(record.SimpleName!, record);
                record.Fields = e.GetProperty("fields").EnumerateArray()
                    .Select(f => new AvroField(f.GetProperty("name").GetString()!, Parse(f.GetProperty("type"), space, named)))
                    .ToArray();
                return record;
            }

            case "enum":
            {
                var (full, _) = FullName(e, ns);
                var en = new AvroSchema(AvroKind.Enum, full) { Symbols = e.GetProperty("symbols").EnumerateArray().Select(s => s.GetString()!).ToArray() };
                return Register(en, named);
            }

            case "fixed":
            {
                var (full, _) = FullName(e, ns);
                return Register(new AvroSchema(AvroKind.Fixed, full) { Size = e.GetProperty("size").GetInt32() }, named);
            }

            case "array":
                return new AvroSchema(AvroKind.Array) { Items = Parse(e.GetProperty("items"), ns, named) };
            case "map":
                return new AvroSchema(AvroKind.Map) { Items = Parse(e.GetProperty("values"), ns, named) };
            default:
                return Named(type.GetString()!, ns, named); // primitive with attributes, e.g. logicalType
        }
    }

    private static AvroSchema Named(string name, string? ns, Dictionary<string, AvroSchema> named) => name switch
    {
        "null" => new AvroSchema(AvroKind.Null),
        "boolean" => new AvroSchema(AvroKind.Boolean),
        "int" => new AvroSchema(AvroKind.Int),
        "long" => new AvroSchema(AvroKind.Long),
        "float" => new AvroSchema(AvroKind.Float),
        "double" => new AvroSchema(AvroKind.Double),
        "bytes" => new AvroSchema(AvroKind.Bytes),
        "string" => new AvroSchema(AvroKind.String),
        _ => named.GetValueOrDefault(name) ?? (ns is null ? null : named.GetValueOrDefault($"{ns}.{name}"))
             ?? throw new FormatException($"unknown Avro type '{name}'"),
    };

    private static AvroSchema Register(AvroSchema schema, Dictionary<string, AvroSchema> named)
    {
        named[schema.Name!] = schema;
        named.TryAdd(schema.SimpleName!, schema);
        return schema;
    }

    private static (string Full, string? Namespace) FullName(JsonElement e, string? ns)
    {
        var name = e.GetProperty("name").GetString()!;
        if (name.Contains('.', StringComparison.Ordinal))
        {
            return (name, name[..name.LastIndexOf('.')]);
        }

        var space = e.TryGetProperty("namespace", out var n) && n.GetString() is { Length: > 0 } s ? s : ns;
        return (space is null ? name : $"{space}.{name}", space);
    }
}
