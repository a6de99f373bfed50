using System.Globalization;

namespace Customer360.Ingestion.Nats.JetStream;

/// <summary>
/// What the ack subject of a delivered message tells: `$JS.ACK.&lt;stream&gt;.&lt;consumer&gt;.&lt;delivered&gt;.&lt;sseq&gt;.&lt;cseq&gt;.&lt;ts&gt;.&lt;pending&gt;`
/// (or the longer form with domain and account hash).
/// </summary>
public sealed record JetStreamAckMetadata(string Stream, string Consumer, long Delivered, ulong StreamSequence, ulong ConsumerSequence, DateTimeOffset Timestamp, ulong Pending)
{
    public static bool TryParse(string? replyTo, out JetStreamAckMetadata? metadata)
    {
        metadata = null;
        if (replyTo is null || !replyTo.StartsWith("$JS.ACK.", StringComparison.Ordinal))
        {
            return false;
        }

        var t = replyTo.Split('.');
        var at = t.Length switch
        {
            9 => 2,
            >= 11 => 4,
            _ => -1,
        };
        if (at < 0
            || !long.TryParse(t[at + 2], NumberStyles.None, CultureInfo.InvariantCulture, out var delivered)
            || !ulong.TryParse(t[at + 3], NumberStyles.None, CultureInfo.InvariantCulture, out var sseq)
            || !ulong.TryParse(t[at + 4], NumberStyles.None, CultureInfo.InvariantCulture, out var cseq)
            || !long.TryParse(t[at + 5], NumberStyles.None, CultureInfo.InvariantCulture, out var ns)
            || !ulong.TryParse(t[at + 6], NumberStyles.None, CultureInfo.InvariantCulture, out var pending))
        {
            return false;
        }

        metadata = new JetStreamAckMetadata(t[at], t[at + 1], delivered, sseq, cseq, DateTimeOffset.UnixEpoch.AddTicks(ns / 100), pending);
        return true;
    }
}
