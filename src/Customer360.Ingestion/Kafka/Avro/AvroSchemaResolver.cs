using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Customer360.Ingestion.Kafka.Avro;

/// <summary>
/// Finds the writer schema of an Avro message: by Confluent schema id (local .avsc mapped to the id, then the
/// Schema Registry's GET /schemas/ids/{id}, cached), or by topic (configured .avsc, else the seed 002 defaults).
/// </summary>
public sealed class AvroSchemaResolver
{
    private static readonly Dictionary<string, string> DefaultTopicSchemas = new()
    {
        ["crm.customer360.profile.created"] = "CustomerProfileCreatedEvent",
        ["crm.customer360.profile.merged"] = "CustomerMergedEvent",
    };

    private readonly ConcurrentDictionary<int, AvroSchema> _byId = new();
    private readonly Dictionary<string, AvroSchema> _byTopic = [];
    private readonly Uri? _registry;
    private readonly HttpClient? _http;

    public AvroSchemaResolver(KafkaOptions options, HttpClient? http = null)
    {
        foreach (var (topic, name) in DefaultTopicSchemas)
        {
            _byTopic[topic] = BuiltIn(name);
        }

        foreach (var (key, path) in options.AvroSchemas)
        {
            var schema = AvroSchema.Parse(File.ReadAllText(path));
            if (int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                _byId[id] = schema;
            }
            else
            {
                _byTopic[key] = schema;
            }
        }

        if (!string.IsNullOrWhiteSpace(options.SchemaRegistryUrl))
        {
            _registry = new Uri(options.SchemaRegistryUrl.TrimEnd('/') + "/");
            _http = http ?? new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        }
    }

    public AvroSchema? ForTopic(string topic) => _byTopic.GetValueOrDefault(topic);

    /// <summary>
    /// The schema for a wire-format id, or null when no local file and no registry knows it (a bad message).
    /// A registry that cannot be reached throws: that is an outage, the batch is retried, not dead-lettered.
    /// </summary>
    public async ValueTask<AvroSchema?> ForIdAsync(int id, CancellationToken cancellationToken)
    {
        if (_byId.TryGetValue(id, out var known))
        {
            return known;
        }

        if (_registry is null || _http is null)
        {
            return null;
        }

        using var response = await _http.GetAsync(new Uri(_registry, $"schemas/ids/{id}"), cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        var schema = AvroSchema.Parse(doc.RootElement.GetProperty("schema").GetString()!);
        return _byId.GetOrAdd(id, schema);
    }

    public static AvroSchema BuiltIn(string recordName)
    {
        using var stream = typeof(AvroSchemaResolver).Assembly.GetManifestResourceStream($"Customer360.Ingestion.Kafka.Avro.Schemas.{recordName}.avsc")
            ?? throw new InvalidOperationException($"built-in schema {recordName} missing");
        using var reader = new StreamReader(stream);
        return AvroSchema.Parse(reader.ReadToEnd());
    }
}
