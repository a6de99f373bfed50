using System.Buffers.Binary;
using System.Text;
using System.Text.Json.Nodes;

namespace Customer360.Ingestion.Kafka.Avro;

/// <summary>
/// Decodes one Avro binary datum (spec 1.11 "Binary Encoding") into JSON nodes: ints and longs are zigzag
/// varints, strings and bytes length-prefixed, unions a branch index then the value, arrays and maps blocks
/// ending with a zero count (a negative count is followed by the block's byte size). Unions decode to the
/// plain value; bytes and fixed to base64. Throws <see cref="FormatException"/> on truncated or invalid input.
/// </summary>
public static class AvroDecoder
{
    /// <summary>Decodes a whole datum; trailing bytes are an error (they mean the schema does not match).</summary>
    public static JsonNode? Decode(AvroSchema schema, ReadOnlySpan<byte> data)
    {
        var pos = 0;
        var node = Read(schema, data, ref pos);
        if (pos != data.Length)
        {
            throw new FormatException($"{data.Length - pos} byte(s) left after the datum: the data does not match schema {schema.Name ?? schema.Kind.ToString()}");
        }

        return node;
    }

    private static JsonNode? Read(AvroSchema s, ReadOnlySpan<byte> d, ref int pos)
    {
        switch (s.Kind)
        {
            case AvroKind.Null:
                return null;
            case AvroKind.Boolean:
                return Take(d, ref pos, 1)[0] switch
                {
                    0 => false,
                    1 => true,
                    var other => throw new FormatException($"invalid boolean byte {other} at offset {pos - 1}"),
                };
            case AvroKind.Int:
                var l = ReadLong(d, ref pos);
                return l is < int.MinValue or > int.MaxValue ? throw new FormatException($"int out of range at offset {pos}") : (int)l;
            case AvroKind.Long:
                return ReadLong(d, ref pos);
            case AvroKind.Float:
                return BinaryPrimitives.ReadSingleLittleEndian(Take(d, ref pos, 4));
            case AvroKind.Double:
                return BinaryPrimitives.ReadDoubleLittleEndian(Take(d, ref pos, 8));
            case AvroKind.Bytes:
                return Convert.ToBase64String(Take(d, ref pos, Length(d, ref pos)));
            case AvroKind.String:
                return ReadString(d, ref pos);
            case AvroKind.Fixed:
                return Convert.ToBase64String(Take(d, ref pos, s.Size));
            case AvroKind.Enum:
                var i = ReadLong(d, ref pos);
                return i >= 0 && i < s.Symbols.Count ? s.Symbols[(int)i] : throw new FormatException($"enum index {i} out of range for {s.Name}");
            case AvroKind.Union:
                var b = ReadLong(d, ref pos);
                return b >= 0 && b < s.Branches.Count ? Read(s.Branches[(int)b], d, ref pos) : throw new FormatException($"union branch {b} out of range");
            case AvroKind.Record:
                var obj = new JsonObject();
                foreach (var f in s.Fields)
                {
                    obj[f.Name] = Read(f.Schema, d, ref pos);
                }

                return obj;
            case AvroKind.Array:
                var arr = new JsonArray();
                for (var n = BlockCount(d, ref pos); n > 0; n = BlockCount(d, ref pos))
                {
                    for (var k = 0; k < n; k++)
                    {
                        arr.Add(Read(s.Items!, d, ref pos));
                    }
                }

                return arr;
            case AvroKind.Map:
                var map = new JsonObject();
                for (var n = BlockCount(d, ref pos); n > 0; n = BlockCount(d, ref pos))
                {
                    for (var k = 0; k < n; k++)
                    {
                        var key = ReadString(d, ref pos);
                        map[key] = Read(s.Items!, d, ref pos);
                    }
                }

                return map;
            default:
                throw new FormatException($"unsupported Avro type {s.Kind}");
        }
    }

    /// <summary>Zigzag varint, at most 10 bytes.</summary>
    public static long ReadLong(ReadOnlySpan<byte> d, ref int pos)
    {
        ulong value = 0;
        for (var shift = 0; shift < 70; shift += 7)
        {
            var b = Take(d, ref pos, 1)[0];
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return (long)(value >> 1) ^ -(long)(value & 1);
            }
        }

        throw new FormatException($"varint longer than 10 bytes at offset {pos}");
    }

    private static string ReadString(ReadOnlySpan<byte> d, ref int pos)
    {
        var bytes = Take(d, ref pos, Length(d, ref pos));
        try
        {
            return new UTF8Encoding(false, true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw new FormatException($"string is not valid UTF-8 before offset {pos}");
        }
    }

    private static int Length(ReadOnlySpan<byte> d, ref int pos)
    {
        var n = ReadLong(d, ref pos);
        return n < 0 || n > d.Length - pos ? throw new FormatException($"length {n} at offset {pos} runs past the end ({d.Length} bytes)") : (int)n;
    }

    private static long BlockCount(ReadOnlySpan<byte> d, ref int pos)
    {
        var n = ReadLong(d, ref pos);
        if (n < 0)
        {
            ReadLong(d, ref pos); // block size in bytes; we read item by item anyway
            n = -n;
        }

        return n > d.Length - pos + 1 && n > 1_000_000 ? throw new FormatException($"block count {n} is larger than the data") : n;
    }

    private static ReadOnlySpan<byte> Take(ReadOnlySpan<byte> d, ref int pos, int count)
    {
        if (count > d.Length - pos)
        {
            throw new FormatException($"truncated Avro data: needed {count} byte(s) at offset {pos}, have {d.Length - pos}");
        }

        var slice = d.Slice(pos, count);
        pos += count;
        return slice;
    }
}
