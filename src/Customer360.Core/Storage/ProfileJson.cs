using System.Text.Json;
using System.Text.Json.Nodes;

namespace Customer360.Core.Storage;

/// <summary>
/// The JSON columns of a customer row (tags, custom fields, field times), read and written by both stores. A store
/// loads a profile for nearly every event once its customers outnumber the profile cache, so these run per event. The
/// serializer built a Dictionary and copied it into the sorted one on every load; without that, 600k mixed events over
/// 200k customers import 7% faster (bench/README.md, eleventh session). The bytes are the serializer's, pinned by tests.
/// </summary>
public static class ProfileJson
{
    public static SortedDictionary<string, DateTimeOffset> ReadFieldTimes(ReadOnlySpan<byte> json)
    {
        var times = new SortedDictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        if (IsEmpty(json, (byte)'{'))
        {
            return times;
        }

        var reader = new Utf8JsonReader(json);
        Expect(ref reader, JsonTokenType.StartObject);
        while (Next(ref reader, JsonTokenType.EndObject, JsonTokenType.PropertyName))
        {
            var key = reader.GetString()!;
            reader.Read();
            times[key] = reader.GetDateTimeOffset(); // the serializer's own parse; a later duplicate wins, as with it
        }

        return times;
    }

    public static void WriteFieldTimes(Utf8JsonWriter writer, SortedDictionary<string, DateTimeOffset> times)
    {
        writer.WriteStartObject();
        foreach (var (key, at) in times)
        {
            writer.WriteString(key, at);
        }

        writer.WriteEndObject();
    }

    public static SortedSet<string> ReadTags(ReadOnlySpan<byte> json)
    {
        var tags = new SortedSet<string>(StringComparer.Ordinal);
        if (IsEmpty(json, (byte)'['))
        {
            return tags;
        }

        var reader = new Utf8JsonReader(json);
        Expect(ref reader, JsonTokenType.StartArray);
        while (Next(ref reader, JsonTokenType.EndArray, JsonTokenType.String))
        {
            tags.Add(reader.GetString()!);
        }

        return tags;
    }

    /// <summary>By hand: the serializer allocated a SortedSet enumerator and its stack on every save, for the empty set most profiles have too.</summary>
    public static void WriteTags(Utf8JsonWriter writer, SortedSet<string> tags)
    {
        writer.WriteStartArray();
        if (tags.Count > 0)
        {
            foreach (var tag in tags)
            {
                writer.WriteStringValue(tag);
            }
        }

        writer.WriteEndArray();
    }

    /// <summary>Custom fields hold any JSON, so they stay a JsonObject; most profiles have none.</summary>
    public static JsonObject ReadCustomFields(ReadOnlySpan<byte> json) =>
        IsEmpty(json, (byte)'{') ? [] : JsonNode.Parse(json) as JsonObject ?? [];

    /// <summary>`{}` or `[]` exactly, as the stores write an empty one.</summary>
    private static bool IsEmpty(ReadOnlySpan<byte> json, byte open) => json.Length == 2 && json[0] == open && json[1] == open + 2;

    /// <summary>Reads the next token: false at `end`, true at `item`, and anything else is not a column we wrote.</summary>
    private static bool Next(ref Utf8JsonReader reader, JsonTokenType end, JsonTokenType item)
    {
        reader.Read();
        if (reader.TokenType == end)
        {
            return false;
        }

        if (reader.TokenType != item)
        {
            throw new JsonException($"a profile column holds {reader.TokenType} where {item} belongs");
        }

        return true;
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type)
    {
        if (!reader.Read() || reader.TokenType != type)
        {
            throw new JsonException($"a profile column holds {reader.TokenType} where {type} belongs");
        }
    }
}
