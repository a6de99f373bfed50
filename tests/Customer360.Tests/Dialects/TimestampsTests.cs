using System.Text.Json;
using Customer360.Core.Dialects;

namespace Customer360.Tests.Dialects;

/// <summary>The times the seeds' own producer code emits, and what must not pass as a time.</summary>
public sealed class TimestampsTests
{
    [Theory]
    [InlineData("2024-01-15T10:30:00Z", "2024-01-15T10:30:00.0000000Z")] // seed example
    [InlineData("2024-01-15T10:30:00.123456Z", "2024-01-15T10:30:00.1234560Z")] // Python isoformat()+'Z', microseconds
    [InlineData("2024-01-15T10:30:00.123456+00:00Z", "2024-01-15T10:30:00.1234560Z")] // Python aware datetime + 'Z'
    [InlineData("2024-01-15T10:30:00.123456789Z", "2024-01-15T10:30:00.1234567Z")] // Java Instant.toString(), nanoseconds
    [InlineData("2024-01-15T10:30:00.1234567Z", "2024-01-15T10:30:00.1234567Z")] // .NET "o"
    [InlineData("2024-01-15T12:30:00+02:00", "2024-01-15T10:30:00.0000000Z")] // offset
    [InlineData("2024-01-15T10:30:00", "2024-01-15T10:30:00.0000000Z")] // no zone: UTC
    [InlineData("2024-01-15T10:30:00.5Z", "2024-01-15T10:30:00.5000000Z")] // one fraction digit
    [InlineData("1734134400", "2024-12-14T00:00:00.0000000Z")] // unix seconds as text
    [InlineData("1734134400123", "2024-12-14T00:00:00.1230000Z")] // epoch millis as text
    public void Parses_producer_strings_to_utc(string input, string expected)
    {
        Assert.True(Timestamps.TryParse(input, out var t));
        Assert.Equal(expected, t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(TimeSpan.Zero, t.Offset);
    }

    [Theory]
    [InlineData("1734134400", "2024-12-14T00:00:00Z")] // customeriq: Math.floor(Date.now() / 1000)
    [InlineData("1734134400123", "2024-12-14T00:00:00.123Z")] // Avro timestamp-millis
    [InlineData("1734134400.5", "2024-12-14T00:00:00.5Z")] // Python time.time()
    public void Parses_json_numbers_as_unix_seconds_or_epoch_millis(string json, string expected)
    {
        using var doc = JsonDocument.Parse(json);
        Assert.True(Timestamps.TryParse(doc.RootElement, out var t));
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), t);
    }

    [Theory]
    [InlineData("yesterday")]
    [InlineData("")]
    [InlineData("12")]
    [InlineData("2024-13-45T99:00:00Z")]
    [InlineData("2024-01-15T10:30:00.Z")]
    [InlineData("-5")]
    [InlineData("May 5")]
    public void Rejects_what_is_not_a_time(string input) => Assert.False(Timestamps.TryParse(input, out _));

    [Theory]
    [InlineData("true")]
    [InlineData("null")]
    [InlineData("{}")]
    [InlineData("1e400")]
    public void Rejects_json_values_that_are_not_times(string json)
    {
        using var doc = JsonDocument.Parse(json.Replace("1e400", "1e300", StringComparison.Ordinal));
        Assert.False(Timestamps.TryParse(doc.RootElement, out _));
    }

    /// <summary>Strings in and near the common ISO shape: fields in and out of range, every zone form, 0-9 fraction digits.</summary>
    private static IEnumerable<string> IsoLike()
    {
        var random = new Random(42);
        string[] zones = ["Z", "z", "", "+00:00", "-05:30", "+13:59", "+14:00", "-14:00", "+02:00Z", "+0200", " Z", "Zx"];
        for (var i = 0; i < 5000; i++)
        {
            var year = random.Next(10) == 0 ? random.Next(1, 10000) : random.Next(1990, 2040);
            var fraction = random.Next(4) == 0 ? "" : "." + string.Concat(Enumerable.Range(0, random.Next(0, 10)).Select(_ => (char)('0' + random.Next(10))));
            yield return $"{year:0000}-{random.Next(0, 14):00}-{random.Next(0, 32):00}T{random.Next(0, 25):00}:{random.Next(0, 61):00}:{random.Next(0, 61):00}{fraction}{zones[random.Next(zones.Length)]}";
        }

        yield return "0001-01-01T00:00:00+01:00"; // before DateTime.MinValue in UTC
        yield return "9999-12-31T23:59:59.9999999-01:00"; // after DateTime.MaxValue in UTC
        yield return "2024-02-29T12:00:00Z";
        yield return "2023-02-29T12:00:00Z";
        yield return "2024-01-15 10:30:00Z";
    }

    [Fact]
    public void The_byte_level_iso_reader_agrees_with_the_general_parser_wherever_it_answers()
    {
        var answered = 0;
        foreach (var text in IsoLike())
        {
            using var doc = JsonDocument.Parse(JsonSerializer.Serialize(text));
            var general = Timestamps.TryParse(text, out var expected);
            if (Timestamps.TryParseCommonIso(System.Text.Encoding.UTF8.GetBytes(text), out var fast))
            {
                answered++;
                Assert.True(general, $"only the byte reader took '{text}'");
                Assert.Equal((expected.UtcTicks, expected.Offset), (fast.UtcTicks, fast.Offset));
            }

            // What dialects call: the same answer either way.
            Assert.Equal(general, Timestamps.TryParse(doc.RootElement, out var viaJson));
            Assert.Equal(expected, viaJson);
        }

        Assert.True(answered > 500, $"the byte reader answered only {answered} strings");

        // The JSON path hands the reader the token's bytes between its quotes (Timestamps.Unquoted relies on this).
        using var token = JsonDocument.Parse("\"2024-01-15T10:30:00Z\"");
        Assert.Equal("\"2024-01-15T10:30:00Z\""u8.ToArray(), System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(token.RootElement).ToArray());
        Assert.True(Timestamps.TryParseCommonIso("2024-01-15T10:30:00.123456Z"u8, out _));
        Assert.True(Timestamps.TryParseCommonIso("2024-01-15T12:30:00+02:00"u8, out _));
    }
}
