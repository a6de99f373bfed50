using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Customer360.Core.Dialects;
using Customer360.Tests.Samples;

namespace Customer360.Tests.Dialects;

public class EventIdsTests
{
    // The id as defined: SHA-256 of the source, a newline and the event as Utf8JsonWriter writes it compactly. Ids
    // already stored were made this way; any shortcut must give the same ones or re-sent events would count twice.
    private static string Reference(string source, string json)
    {
        using var doc = JsonDocument.Parse(json);
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        System.Buffers.BuffersExtensions.Write(buffer, Encoding.UTF8.GetBytes(source + "\n"));
        using (var writer = new Utf8JsonWriter(buffer))
        {
            doc.RootElement.WriteTo(writer);
        }

        return "h-" + Convert.ToHexStringLower(SHA256.HashData(buffer.WrittenSpan)[..16]);
    }

    private static string Id(string source, string json)
    {
        using var doc = JsonDocument.Parse(json);
        return EventIds.FromContent(source, doc.RootElement);
    }

    public static TheoryData<string> Bodies()
    {
        var data = new TheoryData<string>
        {
            """{"source":"in","customer_id":"254700000001","event_type":"data_usage","value":12.5,"metadata":{"network_type":"4G"}}""",
            """{"source": "in", "customer_id": "254700000001", "event_type": "data_usage", "value": 12.5}""",
            "{\n  \"a\" : [ 1 , 2.50 , -3e+2 , true , false , null ] ,\r\n\t\"b\" : { }\n}",
            """{"note":"a + b < c > d & e ' f ` g"}""",
            """{"note":"caf\u00e9 \"quoted\" back\\slash \/ tab\t"}""",
            """{"note":"café, ü, 日本, 🙂"}""",
            """{"k":"~!@#$%^*()_-=[]{}|;:,./?"}""",
            """{"spaces in a string":"  kept  ","n":0.10}""",
            """{"x":"\u0041\u002b"}""",
        };
        for (var b = 0x20; b < 0x7f; b++)
        {
            if (b is not ('"' or '\\'))
            {
                data.Add($"{{\"c\":\"x{(char)b}y\", \"{(char)b}\": 1}}");
            }
        }

        foreach (var json in SampleFiles.Every())
        {
            data.Add(json);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Bodies))]
    public void Content_ids_are_the_hash_of_the_writers_compact_json(string json)
    {
        Assert.Equal(Reference("in", json), Id("in", json));
        Assert.Equal(Reference("billing-système", json), Id("billing-système", json));
    }

    [Fact]
    public void Whitespace_between_tokens_does_not_change_the_id_but_whitespace_in_a_string_does()
    {
        Assert.Equal(Id("in", """{"a":"x y","b":[1,2]}"""), Id("in", "{ \"a\" : \"x y\" ,\n \"b\" : [ 1 , 2 ] }"));
        Assert.NotEqual(Id("in", """{"a":"x y"}"""), Id("in", """{"a":"x  y"}"""));
        Assert.NotEqual(Id("in", """{"a":1}"""), Id("billing", """{"a":1}"""));
    }

    [Fact]
    public void An_escaped_character_and_the_character_itself_give_one_id()
    {
        // The writer re-escapes both to one form, so a producer's choice of escaping does not split an event in two.
        Assert.Equal(Id("in", """{"a":"A+"}"""), Id("in", """{"a":"\u0041\u002B"}"""));
        Assert.Equal(Id("in", """{"a":"é"}"""), Id("in", """{"a":"\u00e9"}"""));
    }

    [Theory]
    [InlineData("""{ "source" : "in", "value": 12.5, "metadata": {"network_type": "4G", "n": [1, 2]} }""", true)]
    [InlineData("""{"note":"a + b"}""", false)]        // the writer escapes '+'
    [InlineData("""{"note":"caf\u00e9"}""", false)]   // an escape: the writer decides its form
    [InlineData("""{"note":"café"}""", false)]         // non-ASCII: the writer escapes it
    public void The_one_pass_compaction_is_used_exactly_when_it_gives_the_writers_bytes(string json, bool used)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        var compacted = EventIds.TryCompact(Encoding.UTF8.GetBytes(json), buffer);

        Assert.Equal(used, compacted);
        if (compacted)
        {
            using var doc = JsonDocument.Parse(json);
            var written = new System.Buffers.ArrayBufferWriter<byte>();
            using (var writer = new Utf8JsonWriter(written))
            {
                doc.RootElement.WriteTo(writer);
            }

            Assert.Equal(Encoding.UTF8.GetString(written.WrittenSpan), Encoding.UTF8.GetString(buffer.WrittenSpan));
        }
    }
}
