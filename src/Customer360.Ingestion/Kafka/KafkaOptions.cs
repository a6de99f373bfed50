namespace Customer360.Ingestion.Kafka;

/// <summary>Section `Kafka` (env: KAFKA_ENABLED, KAFKA_BOOTSTRAP_SERVERS, KAFKA_TOPICS, KAFKA_GROUP_ID).</summary>
public sealed class KafkaOptions
{
    public const string Section = "Kafka";

    public const string DefaultTopics =
        "customer-events,crm.customer360.profile.created,crm.customer360.profile.updated,crm.customer360.profile.merged,crm.customer360.consent.updated";

    public bool Enabled { get; set; }

    /// <summary>Comma-separated host:port list.</summary>
    public string BootstrapServers { get; set; } = "localhost:9092";

    public string GroupId { get; set; } = "customer360";

    /// <summary>Comma-separated topics (a comma list works from the KAFKA_TOPICS env var).</summary>
    public string Topics { get; set; } = DefaultTopics;

    /// <summary>Topic -> pinned dialect (telecom, crm-domain, ..., or `avro` for bare Avro with the topic's .avsc). Unlisted topics auto-detect.</summary>
    public Dictionary<string, string> TopicDialects { get; set; } = [];

    /// <summary>Tenant for events whose envelope names none.</summary>
    public string? Tenant { get; set; }

    /// <summary>
    /// The most messages in one ingest call. While nothing is being written, a batch holds what arrived since the last
    /// one; with a backlog, batches are this size and the writer applies them one after another (see BatchesWaiting).
    /// Each batch waiting holds its parsed events, so this and BatchesWaiting bound the memory a backlog takes, and how
    /// long a parsed event lives: the shorter, the more of them die in gen 0. With SQLite the batch does not set the
    /// transaction (MaxTransactionEvents does). 2,500 drained a 2M backlog at the rate 5,000 did, at 298 MB instead of
    /// 335 (thirteenth session). 1,000 (fourteenth): 500k telecom at 59.7-68.2k events/s against 45.5-66.8k, 1M mixed
    /// in the same time at 241-246 MB against 258-260 MB with 5.4-5.6 s of GC pauses against 6.5-6.8 s, and the 10M
    /// mixed drain in 944 s at 284 MB against 987 s at 305 MB (bench/README.md, fourteenth session).
    /// </summary>
    public int BatchSize { get; set; } = 1_000;

    /// <summary>
    /// With a store that applies batches in long transactions (SQLite): how many full batches may wait, parsed, for
    /// the writer (KafkaStretchWriter), besides the one being read. The writer applies a batch in less time than the
    /// next takes to read and parse, so two keep it busy; each more holds another batch of parsed events through
    /// several collections. 2 (4 before, the same option as WritesInFlight): the 10M mixed drain peaked at 305 MB
    /// against 357 MB with this and a smaller SQLite page cache, in the same time; 500k telecom and the first 1M events
    /// of the 10M topic drained at the same rate with 2 as with 4 (bench/README.md, thirteenth and fourteenth sessions).
    /// </summary>
    public int BatchesWaiting { get; set; } = 2;

    /// <summary>
    /// With a store that has no long transactions (PostgreSQL): how many batches are written at once, each on its own
    /// connection, holding its events until it is written.
    /// </summary>
    public int WritesInFlight { get; set; } = 4;

    /// <summary>
    /// The most events one store transaction takes from a backlog (SQLite; see IBulkWrite). The pages of the log's
    /// indexes are written once per commit: the store harness on 2M telecom events ran at 40k events/s in transactions
    /// of 10,000 and 70k/s in transactions of 40,000 (bench/README.md). A source that has caught up commits each batch.
    /// </summary>
    public int MaxTransactionEvents { get; set; } = 40_000;

    /// <summary>
    /// How many kilobytes of fetched, not yet consumed messages librdkafka may hold (queued.max.messages.kbytes; its
    /// own default is 65,536). The store, not the fetch, is what limits a backlog's drain, so a large read-ahead only
    /// adds memory. Peak RSS on a 300k-event backlog, at the same rate within the run-to-run spread
    /// (bench/kafka/README.md):
    /// - 65,536: 349-369 MB;
    /// - 16,384: 332-345 MB;
    /// - 8,192: 323-332 MB;
    /// - 4,096: 306-317 MB. But in the fourteenth session 4,096 drained 500k telecom events over 48 partitions at
    ///   28.7k / 31.3k events/s against 45.5k / 60.5k at 8,192 (2 pairs): librdkafka stops fetching when the queue is
    ///   full and the small queue ran dry in the pauses.
    /// </summary>
    public int QueueMaxKbytes { get; set; } = 8_192;

    /// <summary>
    /// Further librdkafka consumer properties, applied after ours: what a real cluster needs (security.protocol,
    /// sasl.mechanisms, sasl.username, sasl.password, ssl.ca.location, ...) and tuning (fetch.max.bytes, ...). A key may
    /// use '_' for '.', since environment variable names cannot hold dots (Kafka__Client__security_protocol=SASL_SSL).
    /// The properties our delivery rule or other options own are refused at start (<see cref="ReservedClientKey"/>).
    /// An unknown name stops the service at start with librdkafka's message.
    /// </summary>
    public Dictionary<string, string> Client { get; set; } = [];

    public int SessionTimeoutMs { get; set; } = 10_000;

    /// <summary>Where a new group starts: earliest (default, so nothing published before the first start is missed) or latest.</summary>
    public string AutoOffsetReset { get; set; } = "earliest";

    /// <summary>Confluent Schema Registry base URL for Avro wire-format schema ids (GET /schemas/ids/{id}).</summary>
    public string? SchemaRegistryUrl { get; set; }

    /// <summary>Schema id or topic -> .avsc file. The seed 002 schemas are built in for their topics.</summary>
    public Dictionary<string, string> AvroSchemas { get; set; } = [];

    public IReadOnlyList<string> TopicList() => Split(Topics);

    /// <summary>The Client entries as librdkafka names ('_' read as '.').</summary>
    public IEnumerable<KeyValuePair<string, string>> ClientProperties() =>
        Client.Select(p => KeyValuePair.Create(p.Key.Trim().Replace('_', '.'), p.Value));

    /// <summary>Sets the Client entries on a consumer's or producer's config, over what it already holds.</summary>
    public void ApplyClientTo(Confluent.Kafka.ClientConfig config)
    {
        foreach (var (key, value) in ClientProperties())
        {
            config.Set(key, value);
        }
    }

    /// <summary>
    /// The first Client key that may not be set there: offsets stored by librdkafka itself would be committed before
    /// their events are in the store, without auto-commit the offsets we store would reach the group only on a
    /// rebalance (a crash would re-read hours), and the group, servers and fields read have their own options.
    /// </summary>
    public string? ReservedClientKey() => ClientProperties().Select(p => p.Key).FirstOrDefault(key =>
        key is "enable.auto.offset.store" or "enable.auto.commit" or "group.id" or "bootstrap.servers" or "metadata.broker.list"
        || key.StartsWith("dotnet.", StringComparison.Ordinal));

    public static IReadOnlyList<string> Split(string? list) =>
        (list ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
