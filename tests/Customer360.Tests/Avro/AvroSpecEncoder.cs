using System.Buffers.Binary;
using System.Text;

namespace Customer360.Tests.Avro;

/// <summary>Writes Avro binary by the spec, independently of the decoder under test.</summary>
public sealed class AvroSpecEncoder
{
    private readonly MemoryStream _out = new();

    public AvroSpecEncoder Long(long v)
    {
        var z = (ulong)((v << 1) ^ (v >> 63)); // zigzag
        while (z >= 0x80)
        {
            _out.WriteByte((byte)(z | 0x80));
            z >>= 7;
        }

        _out.WriteByte((byte)z);
        return this;
    }

    public AvroSpecEncoder Bool(bool v)
    {
        _out.WriteByte(v ? (byte)1 : (byte)0);
        return this;
    }

    public AvroSpecEncoder Double(double v)
    {
        Span<byte> b = stackalloc byte[8];
        BinaryPrimitives.WriteDoubleLittleEndian(b, v);
        _out.Write(b);
        return this;
    }

    public AvroSpecEncoder Float(float v)
    {
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteSingleLittleEndian(b, v);
        _out.Write(b);
        return this;
    }

    public AvroSpecEncoder Bytes(byte[] v)
    {
        Long(v.Length);
        _out.Write(v);
        return this;
    }

    public AvroSpecEncoder String(string v) => Bytes(Encoding.UTF8.GetBytes(v));

    public AvroSpecEncoder Raw(params byte[] v)
    {
        _out.Write(v);
        return this;
    }

    public byte[] ToArray() => _out.ToArray();

    /// <summary>Confluent wire format: magic byte 0, big-endian schema id, then the Avro datum.</summary>
    public byte[] ToWireFormat(int schemaId)
    {
        var datum = ToArray();
        var framed = new byte[5 + datum.Length];
        BinaryPrimitives.WriteInt32BigEndian(framed.AsSpan(1, 4), schemaId);
        datum.CopyTo(framed, 5);
        return framed;
    }
}
