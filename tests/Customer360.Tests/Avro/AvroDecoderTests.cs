using System.Text.Json.Nodes;
using Customer360.Ingestion.Kafka.Avro;
using Xunit;

namespace Customer360.Tests.Avro;

public sealed class AvroDecoderTests
{
    [Theory]
    [InlineData(0L, new byte[] { 0x00 })]
    [InlineData(-1L, new byte[] { 0x01 })]
    [InlineData(1L, new byte[] { 0x02 })]
    [InlineData(-64L, new byte[] { 0x7F })]
    [InlineData(64L, new byte[] { 0x80, 0x01 })]
    [InlineData(long.MaxValue, new byte[] { 0xFE, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01 })]
    [InlineData(long.MinValue, new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01 })]
    public void Zigzag_varints_decode_as_the_spec_examples(long expected, byte[] bytes)
    {
        var pos = 0;
        Assert.Equal(expected, AvroDecoder.ReadLong(bytes, ref pos));
        Assert.Equal(bytes.Length, pos);
        Assert.Equal(bytes, new AvroSpecEncoder().Long(expected).ToArray());
    }

    [Fact]
    public void A_record_of_every_supported_type_decodes_to_json()
    {
        var schema = AvroSchema.Parse("""
            {"type":"record","name":"All","namespace":"t","fields":[
              {"name":"b","type":"boolean"},{"name":"i","type":"int"},{"name":"l","type":"long"},
              {"name":"f","type":"float"},{"name":"d","type":"double"},{"name":"s","type":"string"},
              {"name":"by","type":"bytes"},{"name":"n","type":"null"},
              {"name":"e","type":{"type":"enum","name":"Color","symbols":["RED","GREEN"]}},
              {"name":"a","type":{"type":"array","items":"int"}},
              {"name":"m","type":{"type":"map","values":"string"}},
              {"name":"u1","type":["null","string"]},{"name":"u2","type":["null","string"]},
              {"name":"fx","type":{"type":"fixed","name":"Two","size":2}},
              {"name":"again","type":"Color"}
            ]}
            """);
        var data = new AvroSpecEncoder()
            .Bool(true).Long(-5).Long(1_700_000_000_000).Float(1.5f).Double(-2.25).String("héllo")
            .Bytes([1, 2, 3])
            .Long(1)
            .Long(2).Long(10).Long(20).Long(-1).Long(2).Long(30).Long(0) // two blocks; the second with a byte size
            .Long(1).String("k").String("v").Long(0)
            .Long(0).Long(1).String("set")
            .Raw(0xAB, 0xCD)
            .Long(0)
            .ToArray();

        var json = AvroDecoder.Decode(schema, data)!.AsObject();

        Assert.True(json["b"]!.GetValue<bool>());
        Assert.Equal(-5, json["i"]!.GetValue<int>());
        Assert.Equal(1_700_000_000_000, json["l"]!.GetValue<long>());
        Assert.Equal(1.5f, json["f"]!.GetValue<float>());
        Assert.Equal(-2.25, json["d"]!.GetValue<double>());
        Assert.Equal("héllo", json["s"]!.GetValue<string>());
        Assert.Equal("AQID", json["by"]!.GetValue<string>());
        Assert.Null(json["n"]);
        Assert.Equal("GREEN", json["e"]!.GetValue<string>());
        Assert.Equal([10, 20, 30], json["a"]!.AsArray().Select(x => x!.GetValue<int>()));
        Assert.Equal("v", json["m"]!["k"]!.GetValue<string>());
        Assert.Null(json["u1"]);
        Assert.Equal("set", json["u2"]!.GetValue<string>());
        Assert.Equal("q80=", json["fx"]!.GetValue<string>());
        Assert.Equal("RED", json["again"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(new byte[] { 0x0A, 0x61 }, "runs past the end")] // string of 5 bytes, only 1 there
    [InlineData(new byte[] { }, "truncated")]
    [InlineData(new byte[] { 0x02, 0x61, 0x00 }, "left after the datum")]
    [InlineData(new byte[] { 0x01 }, "runs past the end")] // negative length
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01 }, "varint longer")]
    public void Bad_bytes_fail_with_a_reason(byte[] data, string reason)
    {
        var schema = AvroSchema.Parse("""{"type":"record","name":"R","fields":[{"name":"s","type":"string"}]}""");
        var ex = Assert.Throws<FormatException>(() => AvroDecoder.Decode(schema, data));
        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_union_branch_out_of_range_is_rejected()
    {
        var schema = AvroSchema.Parse("""["null","string"]""");
        Assert.Throws<FormatException>(() => AvroDecoder.Decode(schema, new AvroSpecEncoder().Long(2).ToArray()));
    }

    [Fact]
    public void Recursive_records_decode()
    {
        var schema = AvroSchema.Parse("""
            {"type":"record","name":"Node","fields":[{"name":"v","type":"int"},{"name":"next","type":["null","Node"]}]}
            """);
        var data = new AvroSpecEncoder().Long(1).Long(1).Long(2).Long(0).ToArray();
        var json = AvroDecoder.Decode(schema, data)!;
        Assert.Equal(2, json["next"]!["v"]!.GetValue<int>());
        Assert.Null(json["next"]!["next"]);
    }
}
