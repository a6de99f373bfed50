using Customer360.Core.Dialects;
using Customer360.Core.Events;
using Customer360.Core.Storage;

namespace Customer360.Core.Ingestion;

public sealed record RetryResult(bool Found, IngestOutcome? Outcome);

/// <summary>Retries a dead letter, as it was or with a corrected body; on success the letter goes in the same transaction.</summary>
public sealed class DeadLetterService(EventParser parser, IProfileStore store, EventIngestor ingestor)
{
    public async Task<RetryResult> RetryAsync(long id, byte[]? correctedBody, CancellationToken cancellationToken)
    {
        var letter = await store.GetDeadLetterAsync(id, cancellationToken);
        if (letter is null)
        {
            return new RetryResult(false, null);
        }

        var raw = new RawMessage(correctedBody ?? letter.Raw, letter.Source, letter.Origin)
        {
            Tenant = letter.TenantHint,
            Dialect = letter.DialectHint,
            BrokerTime = letter.BrokerTime,
            ReceivedAt = letter.ReceivedAt,
        };
        var parsed = parser.Parse(raw);
        if (!parsed.Accepted)
        {
            await store.RecordDeadLetterRetryAsync(id, parsed.Rejection!, cancellationToken);
            return new RetryResult(true, new IngestOutcome(IngestStatus.Rejected, null, null, parsed.Rejection, id));
        }

        var outcomes = await ingestor.WriteAsync([new IngestItem(raw, parsed.Event, null) { RetriesDeadLetterId = id }], cancellationToken);
        return new RetryResult(true, outcomes[0]);
    }
}
