using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Customer360.Core.Storage;
using Xunit;

namespace Customer360.Tests.Storage;

/// <summary>
/// Stores read and write the customer row's JSON columns by hand; rows written before (by the serializer) must read the
/// same, and new rows must hold the serializer's bytes, so files and databases of either build agree.
/// </summary>
public sealed class ProfileJsonTests
{
    private static SortedDictionary<string, DateTimeOffset> Times() => new(StringComparer.Ordinal)
    {
        ["name"] = Parse("2024-01-15T10:00:00Z"),
        ["consent.email"] = Parse("2024-12-14T00:00:00.1234567+05:30"),
        ["fallback.name"] = Parse("1999-12-31T23:59:59.9999999-08:00"),
        ["snapshot.loyalty"] = Parse("2024-02-29T12:34:56.0000001+00:00"),
        ["quote\"and\\é"] = Parse("0001-01-01T00:00:00Z"),
        ["<script>"] = Parse("9999-12-31T23:59:59.9999999Z"),
    };

    [Fact]
    public void Field_times_are_written_byte_for_byte_as_the_serializer_wrote_them()
    {
        var times = Times();

        Assert.Equal(JsonSerializer.Serialize(times), Write(w => ProfileJson.WriteFieldTimes(w, times)));
        Assert.Equal("{}", Write(w => ProfileJson.WriteFieldTimes(w, new SortedDictionary<string, DateTimeOffset>(StringComparer.Ordinal))));
    }

    [Fact]
    public void Field_times_written_by_the_serializer_read_back_with_the_same_instants_and_offsets()
    {
        var stored = JsonSerializer.SerializeToUtf8Bytes(Times());

        var read = ProfileJson.ReadFieldTimes(stored);

        var expected = JsonSerializer.Deserialize<Dictionary<string, DateTimeOffset>>(stored)!;
        Assert.Equal(expected.OrderBy(kv => kv.Key, StringComparer.Ordinal), read);
        Assert.All(read, kv => Assert.Equal(expected[kv.Key].Offset, kv.Value.Offset));
        Assert.Equal(StringComparer.Ordinal, read.Comparer);
    }

    [Fact]
    public void Tags_round_trip_sorted_and_are_written_as_the_serializer_wrote_them()
    {
        var tags = new SortedSet<string>(["vip", "Churn-risk", "ümlaut", "a\"b"], StringComparer.Ordinal);

        var written = Write(w => ProfileJson.WriteTags(w, tags));

        Assert.Equal(JsonSerializer.Serialize(tags), written);
        Assert.Equal(tags, ProfileJson.ReadTags(Encoding.UTF8.GetBytes(written)));
        Assert.Equal(["a\"b", "Churn-risk", "vip", "ümlaut"], ProfileJson.ReadTags("[\"vip\",\"ümlaut\",\"a\\\"b\",\"Churn-risk\"]"u8));
    }

    [Fact]
    public void Empty_columns_read_as_empty_and_custom_fields_keep_any_json()
    {
        Assert.Empty(ProfileJson.ReadFieldTimes("{}"u8));
        Assert.Empty(ProfileJson.ReadFieldTimes("{ }"u8));
        Assert.Empty(ProfileJson.ReadTags("[]"u8));
        Assert.Empty(ProfileJson.ReadCustomFields("{}"u8));

        var custom = ProfileJson.ReadCustomFields("""{"plan":{"name":"gold","since":[2020,1]},"n":1.50}"""u8);
        Assert.Equal("""{"plan":{"name":"gold","since":[2020,1]},"n":1.50}""", custom.ToJsonString());
    }

    [Theory]
    [InlineData("""["vip",3]""")]
    [InlineData("""{"vip":true}""")]
    public void A_tags_column_that_is_not_an_array_of_strings_is_refused(string column) =>
        Assert.ThrowsAny<JsonException>(() => ProfileJson.ReadTags(Encoding.UTF8.GetBytes(column)));

    [Theory]
    [InlineData("""{"name":"not a time"}""")]
    [InlineData("""["name"]""")]
    [InlineData("""{"name":12}""")]
    public void A_field_times_column_that_is_not_an_object_of_times_is_refused(string column)
    {
        // The reader's own refusals: a malformed time (FormatException), a number where a time belongs (InvalidOperationException).
        var refused = Record.Exception(() => ProfileJson.ReadFieldTimes(Encoding.UTF8.GetBytes(column)));

        Assert.True(refused is JsonException or FormatException or InvalidOperationException, $"refused with {refused?.GetType().Name ?? "nothing"}");
    }

    private static DateTimeOffset Parse(string s) => DateTimeOffset.Parse(s, CultureInfo.InvariantCulture);

    private static string Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
