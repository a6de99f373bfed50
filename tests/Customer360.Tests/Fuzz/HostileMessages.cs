using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Customer360.Tests.Fuzz;

public enum FuzzKind
{
    Good,
    GoodInjection,
    Truncated,
    DeepNesting,
    Oversized,
    HugeNumber,
    NaNLiteral,
    WrongType,
    InvalidUtf8,
    OverlongUtf8,
    LoneSurrogate,
    UnknownDialect,
    NotAnObject,
    Empty,
    Bom,
    DuplicateKeys,
}

/// <summary>One generated message: its bytes, what kind it is, and for a valid one what it must add.</summary>
public sealed record FuzzMessage(int Index, FuzzKind Kind, byte[] Body, string Note, GoodEvent? Good)
{
    public bool IsGood => Good is not null;

    /// <summary>Keeps brackets balanced and strings closed, so it stays one element inside a JSON array body.</summary>
    public bool FitsInArray => Kind is not (FuzzKind.Truncated or FuzzKind.Empty);

    /// <summary>Stays one line of an NDJSON body (an empty line is no message at all).</summary>
    public bool FitsInNdjson => Kind is not FuzzKind.Empty && Array.IndexOf(Body, (byte)'\n') < 0;

    public override string ToString() => $"#{Index} {Kind} ({Note}): {Encoding.UTF8.GetString(Body.AsSpan(0, Math.Min(Body.Length, 200)))}";
}

/// <summary>
/// A seeded generator of malformed and hostile messages interleaved with valid ones (each with its own id):
/// the same seed gives the same messages, so a failure can be replayed. Every hostile message must end as a
/// dead letter (or a 4xx over HTTP); every valid one must be applied, injection strings byte for byte.
/// </summary>
public sealed class HostileMessages(int seed, string prefix, int maxEventBytes)
{
    private const string Raw = "__RAW__";
    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly FuzzKind[] HostileKinds = [.. Enum.GetValues<FuzzKind>().Where(k => k is not (FuzzKind.Good or FuzzKind.GoodInjection))];
    private readonly Random _random = new(seed);
    private int _next;

    public int Seed => seed;

    /// <summary>Valid events land on a few customers per dialect, so counts and sums add up across many events.</summary>
    public const int CustomersPerDialect = 12;

    public List<FuzzMessage> Generate(int count)
    {
        var messages = new List<FuzzMessage>(count);
        for (var i = 0; i < count; i++)
        {
            var roll = _random.NextDouble();
            var kind = roll < 0.30 ? FuzzKind.Good : roll < 0.38 ? FuzzKind.GoodInjection : HostileKinds[_random.Next(HostileKinds.Length)];
            messages.Add(Make(kind));
        }

        return messages;
    }

    public FuzzMessage Make(FuzzKind kind)
    {
        var n = _next++;
        var dialect = GoodEvents.Dialects[_random.Next(GoodEvents.Dialects.Length)];
        var k = _random.Next(CustomersPerDialect);
        if (kind == FuzzKind.GoodInjection)
        {
            // A customer's injection string is fixed, so first-wins fields (name) are the same whichever event lands first.
            var id = $"{HostileStrings.IdSafeInjections[k % HostileStrings.IdSafeInjections.Length]} {prefix}-{dialect}-x{k}";
            var hostile = HostileStrings.Injections[k % HostileStrings.Injections.Length];
            var good = GoodEvents.Create(dialect, id, $"{prefix}-{n}", n, hostile);
            return new FuzzMessage(n, kind, Bytes(good.Json), $"{dialect} with '{hostile}'", good);
        }

        var valid = GoodEvents.Create(dialect, $"{prefix}-{dialect}-{k}", $"{prefix}-{n}", n);
        if (kind == FuzzKind.Good)
        {
            return new FuzzMessage(n, kind, Bytes(valid.Json), dialect, valid);
        }

        var (body, note) = Mutate(kind, dialect, valid.Json);
        return new FuzzMessage(n, kind, body, note, null);
    }

    private (byte[] Body, string Note) Mutate(FuzzKind kind, string dialect, JsonObject json)
    {
        var bytes = Bytes(json);
        switch (kind)
        {
            case FuzzKind.Truncated:
                var cut = _random.Next(1, bytes.Length - 1);
                return (bytes[..cut], $"{dialect} cut at {cut} of {bytes.Length}");
            case FuzzKind.DeepNesting:
                var depth = _random.Next(10) == 0 ? 10_000 : _random.Next(65, 200);
                return _random.Next(3) switch
                {
                    0 => (Encoding.ASCII.GetBytes(new string('[', depth) + new string(']', depth)), $"arrays {depth} deep"),
                    1 => (Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth)), $"objects {depth} deep"),
                    _ => (WithRaw(json, DataField(dialect), string.Concat(Enumerable.Repeat("{\"d\":[", depth / 2)) + "0" + string.Concat(Enumerable.Repeat("]}", depth / 2))),
                        $"{dialect} data nested {depth} deep"),
                };
            case FuzzKind.Oversized:
                var size = maxEventBytes + _random.Next(1, 4096);
                SetPath(json, TextField(dialect), new string('x', size));
                return (Bytes(json), $"{dialect} with a {size}-character string");
            case FuzzKind.HugeNumber:
                string[] huge = ["1e400", "-1e400", "1" + new string('0', 400), "-" + new string('9', 400), "1e30", "79228162514264337593543950336", "79228162514264337593543950335", "1e20"];
                var number = huge[_random.Next(huge.Length)];
                var numberField = NumberField(dialect);
                return (WithRaw(json, numberField, number), $"{dialect} {numberField} = {number[..Math.Min(12, number.Length)]}");
            case FuzzKind.NaNLiteral:
                string[] literals = ["NaN", "Infinity", "-Infinity", "+1", "0x10", "01", ".5"];
                var literal = literals[_random.Next(literals.Length)];
                return (WithRaw(json, NumberField(dialect), literal), $"{dialect} bare {literal}");
            case FuzzKind.WrongType:
                var fields = HostileStrings.WrongTypeFields(dialect);
                var (path, values) = fields[_random.Next(fields.Count)];
                var all = values();
                var wrong = all[_random.Next(all.Length)];
                SetPath(json, path, wrong);
                return (Bytes(json), $"{dialect} {path} = {wrong?.ToJsonString() ?? "null"}");
            case FuzzKind.InvalidUtf8:
                byte[][] bad = [[0xC3, 0x28], [0xFF], [0x80], [0xFE, 0xFE], [0xF8, 0x88, 0x80, 0x80, 0x80], [0xE2, 0x82]];
                return Insert(bytes, bad[_random.Next(bad.Length)], dialect);
            case FuzzKind.OverlongUtf8:
                byte[][] overlong = [[0xC0, 0xAF], [0xE0, 0x80, 0xAF], [0xF0, 0x80, 0x80, 0xAF], [0xC1, 0xBF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80]];
                return Insert(bytes, overlong[_random.Next(overlong.Length)], dialect);
            case FuzzKind.LoneSurrogate:
                string[] surrogates = ["\"\\ud800\"", "\"x\\udc00y\"", "\"\\ud800\\ud800\"", "\"\\udfff tail\"", "\"\\uDBFF\""];
                var surrogate = surrogates[_random.Next(surrogates.Length)];
                return (WithRaw(json, TextField(dialect), surrogate), $"{dialect} {TextField(dialect)} = {surrogate}");
            case FuzzKind.UnknownDialect:
                string[] unknown =
                [
                    "{}", "{\"foo\":\"bar\"}", "{\"type\":\"purchase\",\"customer\":\"c1\",\"amount\":5}", "{\"eventType\":\"CustomerProfileCreatedEvent\"}",
                    "{\"event\":\"customer.created\"}", "{\"event_type\":null,\"customer_id\":\"c1\"}",
                    $"{{\"{HostileStrings.Injections[0]}\":\"{HostileStrings.Injections[1]}\"}}", "{\"schema\":\"cloudevents\",\"specversion\":\"1.0\"}",
                ];
                return (Encoding.UTF8.GetBytes(unknown[_random.Next(unknown.Length)]), "no dialect");
            case FuzzKind.NotAnObject:
                string[] notObjects = ["[[]]", "42", "\"just a string\"", "null", "true", "[[" + json.ToJsonString(Relaxed) + "]]"];
                var notObject = notObjects[_random.Next(notObjects.Length)];
                return (Encoding.UTF8.GetBytes(notObject), $"not an object: {notObject[..Math.Min(10, notObject.Length)]}");
            case FuzzKind.Empty:
                return _random.Next(2) == 0 ? ([], "empty") : ("  \r\n\t "u8.ToArray(), "whitespace only");
            case FuzzKind.Bom:
                return ([0xEF, 0xBB, 0xBF, .. bytes], $"{dialect} after a UTF-8 byte order mark");
            case FuzzKind.DuplicateKeys:
                var key = DuplicatedKey(dialect);
                var text = Encoding.UTF8.GetString(bytes);
                var duplicated = "{" + $"\"{key}\":\"other-{_next}\"," + text[1..];
                return (Encoding.UTF8.GetBytes(duplicated), $"{dialect} with '{key}' twice");
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a hostile kind");
        }
    }

    private (byte[], string) Insert(byte[] bytes, byte[] bad, string dialect)
    {
        // Never right after a backslash: the escape would swallow the first bad byte and shift the framing.
        int at;
        do
        {
            at = _random.Next(1, bytes.Length);
        }
        while (bytes[at - 1] == (byte)'\\');

        return ([.. bytes[..at], .. bad, .. bytes[at..]], $"{dialect} with {Convert.ToHexString(bad)} at {at}");
    }

    private static byte[] Bytes(JsonObject json) => Encoding.UTF8.GetBytes(json.ToJsonString(Relaxed));

    private static byte[] WithRaw(JsonObject json, string path, string raw)
    {
        SetPath(json, path, Raw);
        return Encoding.UTF8.GetBytes(json.ToJsonString(Relaxed).Replace($"\"{Raw}\"", raw, StringComparison.Ordinal));
    }

    private static void SetPath(JsonObject json, string path, JsonNode? value)
    {
        var parts = path.Split('.');
        var target = json;
        foreach (var part in parts[..^1])
        {
            target = target[part]!.AsObject();
        }

        target[parts[^1]] = value;
    }

    private static string DataField(string dialect) => dialect switch
    {
        "telecom" => "metadata",
        "crm-domain" => "payload",
        _ => "data",
    };

    private static string TextField(string dialect) => dialect switch
    {
        "telecom" => "metadata.description",
        "crm-domain" => "payload.notes",
        "customer-service" => "data.reason",
        _ => "data.description",
    };

    // Fields the dialect must read as a number (or a time): a bad literal there cannot be ignored.
    private string NumberField(string dialect) => dialect switch
    {
        "telecom" => _random.Next(2) == 0 ? "value" : "timestamp",
        _ => "timestamp",
    };

    private static string DuplicatedKey(string dialect) => dialect switch
    {
        "crm-domain" => "aggregateId",
        "customer-service" => "event_id",
        _ => "customer_id",
    };
}
