using Customer360.Core.Dialects;
using Customer360.Core.Events;
using Customer360.Core.Storage;

namespace Customer360.Core.Ingestion;

public sealed record RetryResult(bool Found, IngestOutcome? Outcome);

/// <summary>Retries a dead letter, as it was or with a corrected body; on success the letter goes in the same transaction.</summary>
public sealed class DeadLetterService(EventParser parser, IProfileStore store, EventIngestor ingestor)
{
    public async Task<RetryResult> RetryAsync(long id, byte[]? correctedBody, CancellationToken cancellationToken) =>
        await store.GetDeadLetterAsync(id, cancellationToken) is { } letter
            ? await RetryAsync(letter, correctedBody, cancellationToken)
            : new RetryResult(false, null);

    /// <summary>Retries a letter the caller has already read (and, for the API, checked the tenant of).</summary>
    public async Task<RetryResult> RetryAsync(DeadLetter letter, byte[]? correctedBody, CancellationToken cancellationToken)
    {
        var id = letter.Id;
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
