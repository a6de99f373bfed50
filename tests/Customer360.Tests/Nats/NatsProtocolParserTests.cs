using System.Buffers;
using System.Text;
using Customer360.Ingestion.Nats.Client;
using Customer360.Ingestion.Nats.Client.Protocol;
using Xunit;

namespace Customer360.Tests.Nats;

public sealed class NatsProtocolParserTests
{
    private static List<ServerOp> ParseAll(byte[] bytes, int chunk)
    {
        // feeds the bytes as a network would, `chunk` at a time, keeping what the parser did not consume
        var parser = new NatsProtocolParser();
        var ops = new List<ServerOp>();
        var pending = Array.Empty<byte>();
        for (var offset = 0; offset < bytes.Length; offset += chunk)
        {
            pending = [.. pending, .. bytes.AsSpan(offset, Math.Min(chunk, bytes.Length - offset))];
            var buffer = new ReadOnlySequence<byte>(pending);
            while (parser.TryParse(ref buffer, out var op))
            {
                ops.Add(op!);
            }

            pending = buffer.ToArray();
        }

        Assert.Empty(pending);
        return ops;
    }

    [Fact]
    public void Parses_every_operation_kind()
    {
        var wire = "INFO {\"server_id\":\"x\",\"jetstream\":true}\r\nPING\r\nPONG\r\n+OK\r\n-ERR 'Unknown Subject'\r\nMSG a.b 7 5\r\nhello\r\nMSG a.b 7 _INBOX.r 0\r\n\r\n"u8.ToArray();
        var ops = ParseAll(wire, wire.Length);
        Assert.Equal([ServerOpKind.Info, ServerOpKind.Ping, ServerOpKind.Pong, ServerOpKind.Ok, ServerOpKind.Err, ServerOpKind.Msg, ServerOpKind.Msg], ops.Select(o => o.Kind));
        Assert.True(NatsServerInfo.Parse(ops[0].Text!).JetStream);
        Assert.Equal("Unknown Subject", ops[4].Text);
        Assert.Equal(("a.b", 7L, (string?)null, "hello"), (ops[5].Message!.Subject, ops[5].Sid, ops[5].Message!.ReplyTo, Encoding.UTF8.GetString(ops[5].Message!.Data.Span)));
        Assert.Equal("_INBOX.r", ops[6].Message!.ReplyTo);
        Assert.True(ops[6].Message!.Data.IsEmpty);
    }

    [Fact]
    public void Frames_split_at_every_byte_boundary_give_the_same_operations()
    {
        var wire = "MSG customer.events.c1.purchase 1 reply.to 11\r\n{\"a\":\"b\r\n\"}\r\nHMSG s 2 24 28\r\nNATS/1.0\r\nK: v\r\nK: w\r\n\r\nbody\r\nping\r\n"u8.ToArray();
        var whole = ParseAll(wire, wire.Length);
        Assert.Equal(3, whole.Count);
        for (var chunk = 1; chunk < wire.Length; chunk++)
        {
            var split = ParseAll(wire, chunk);
            Assert.Equal(whole.Select(o => (o.Kind, o.Sid, o.Message?.Subject, o.Message?.ReplyTo)), split.Select(o => (o.Kind, o.Sid, o.Message?.Subject, o.Message?.ReplyTo)));
            Assert.Equal("{\"a\":\"b\r\n\"}", Encoding.UTF8.GetString(split[0].Message!.Data.Span));
            Assert.Equal(["v", "w"], split[1].Message!.Headers!.GetAll("k"));
        }
    }

    [Fact]
    public void Header_status_lines_are_parsed_with_and_without_description()
    {
        var wire = "HMSG _INBOX.x.1 3 16 16\r\nNATS/1.0 503\r\n\r\n\r\nHMSG _INBOX.y 4 38 38\r\nNATS/1.0 408 Request Timeout\r\nA: 1\r\n\r\n\r\n"u8.ToArray();
        var ops = ParseAll(wire, 7);
        Assert.Equal((503, (string?)null), (ops[0].Message!.Headers!.StatusCode, ops[0].Message!.Headers!.StatusDescription));
        Assert.True(ops[0].Message!.IsStatus);
        Assert.Equal((408, "Request Timeout", "1"), (ops[1].Message!.Headers!.StatusCode!.Value, ops[1].Message!.Headers!.StatusDescription, ops[1].Message!.Headers!.Get("a")));
    }

    [Fact]
    public void Headers_round_trip_through_the_wire_form_with_multiple_values()
    {
        var headers = new NatsHeaders().Add("Nats-Msg-Id", "e1").Add("X-Tag", "a").Add("X-Tag", "b c");
        var output = new ArrayBufferWriter<byte>();
        NatsProtocolWriter.Pub(output, "customer.events.c1.note", "_INBOX.1", headers, "{}"u8);
        var wire = Encoding.UTF8.GetString(output.WrittenSpan).Replace("HPUB", "HMSG").Replace("customer.events.c1.note ", "customer.events.c1.note 9 ");
        var op = ParseAll(Encoding.UTF8.GetBytes(wire), 3).Single();
        Assert.Equal(["a", "b c"], op.Message!.Headers!.GetAll("x-tag"));
        Assert.Equal("e1", op.Message.Headers.Get("Nats-Msg-Id"));
        Assert.Equal("{}", Encoding.UTF8.GetString(op.Message.Data.Span));
    }

    [Fact]
    public void A_big_payload_arriving_in_pieces_is_kept_whole()
    {
        var payload = new byte[3 * 1024 * 1024 + 17];
        new Random(5).NextBytes(payload);
        var wire = Encoding.ASCII.GetBytes($"MSG big 1 {payload.Length}\r\n").Concat(payload).Concat("\r\nPONG\r\n"u8.ToArray()).ToArray();
        var ops = ParseAll(wire, 64 * 1024 + 3);
        Assert.Equal(payload, ops[0].Message!.Data.ToArray());
        Assert.Equal(ServerOpKind.Pong, ops[1].Kind);
    }

    [Fact]
    public void Operation_names_are_case_insensitive_and_tabs_separate_arguments()
    {
        var ops = ParseAll("msg\tsubj\t5\t2\r\nhi\r\npong\r\n"u8.ToArray(), 4);
        Assert.Equal(("subj", 5L), (ops[0].Message!.Subject, ops[0].Sid));
        Assert.Equal(ServerOpKind.Pong, ops[1].Kind);
    }

    [Theory]
    [InlineData("BOGUS stuff\r\n")]
    [InlineData("MSG a 1 x\r\n")]
    [InlineData("MSG a 1 3\r\nabcXY")]
    [InlineData("HMSG a 1 10 4\r\n")]
    [InlineData("HMSG a 1 4 4\r\nabcd\r\n")]
    public void Garbage_is_a_protocol_error_not_a_hang(string wire)
    {
        var parser = new NatsProtocolParser();
        var buffer = new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes(wire));
        Assert.Throws<NatsProtocolException>(() => parser.TryParse(ref buffer, out _));
    }

    [Fact]
    public void An_endless_control_line_is_refused()
    {
        var parser = new NatsProtocolParser(maxControlLine: 1024);
        var buffer = new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes("INFO " + new string('x', 2000)));
        Assert.Throws<NatsProtocolException>(() => parser.TryParse(ref buffer, out _));
    }

    [Fact]
    public void Publishing_to_wildcards_or_subjects_with_spaces_is_refused()
    {
        var output = new ArrayBufferWriter<byte>();
        Assert.Throws<ArgumentException>(() => NatsProtocolWriter.Pub(output, "customer.events.>", null, null, "x"u8));
        Assert.Throws<ArgumentException>(() => NatsProtocolWriter.Pub(output, "a b", null, null, "x"u8));
        NatsProtocolWriter.Sub(output, "customer.events.>", "customer360", 3);
        Assert.Equal("SUB customer.events.> customer360 3\r\n", Encoding.ASCII.GetString(output.WrittenSpan));
    }
}
