using Customer360.Ingestion.Nats.JetStream;
using Xunit;

namespace Customer360.Tests.Nats;

public sealed class JetStreamAckMetadataTests
{
    [Fact]
    public void The_short_ack_subject_gives_delivery_count_sequences_time_and_pending()
    {
        Assert.True(JetStreamAckMetadata.TryParse("$JS.ACK.CUSTOMER_EVENTS.customer360.3.1042.998.1700000000123456789.17", out var m));
        Assert.Equal(("CUSTOMER_EVENTS", "customer360", 3L, 1042UL, 998UL, 17UL), (m!.Stream, m.Consumer, m.Delivered, m.StreamSequence, m.ConsumerSequence, m.Pending));
        Assert.Equal(DateTimeOffset.UnixEpoch.AddTicks(17_000_000_001_234_567), m.Timestamp); // ns -> 100 ns ticks
    }

    [Fact]
    public void The_long_form_with_domain_and_account_hash_is_understood()
    {
        Assert.True(JetStreamAckMetadata.TryParse("$JS.ACK.hub.ACCHASH.S.C.5.10.9.1700000000000000000.0.rand", out var m));
        Assert.Equal(("S", "C", 5L, 10UL), (m!.Stream, m.Consumer, m.Delivered, m.StreamSequence));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("_INBOX.abc")]
    [InlineData("$JS.ACK.S.C.x.1.1.1.0")]
    [InlineData("$JS.ACK.S.C.1.1")]
    public void Anything_else_is_not_a_jetstream_delivery(string? reply) =>
        Assert.False(JetStreamAckMetadata.TryParse(reply, out _));
}
