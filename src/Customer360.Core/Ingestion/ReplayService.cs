using Customer360.Core.Dialects;
using Customer360.Core.Events;
using Customer360.Core.Storage;

namespace Customer360.Core.Ingestion;

public sealed record ReplayProgress(long Done, long Total, long NowRejected);

/// <summary>
/// Rebuilds the projection from the raw event log: empties the projected tables, then parses every logged
/// message again (same dialect, tenant hint and broker time as when it arrived) and projects it in log order.
/// Exclusive with live writes: this process's through the WriteGate, other instances' through the store.
/// </summary>
public sealed class ReplayService(EventParser parser, IProfileStore store, WriteGate? gate = null)
{
    private readonly WriteGate _gate = gate ?? new WriteGate();

    public async Task<ReplayProgress> ReplayAsync(IProgress<ReplayProgress>? progress, CancellationToken cancellationToken, int batchSize = 5000)
    {
        using var exclusive = await _gate.EnterExclusiveAsync(cancellationToken);
        await using var acrossInstances = await store.EnterRebuildAsync(cancellationToken); // other processes on the same store
        var total = (await store.GetStatsAsync(cancellationToken)).Events;
        await store.ResetProjectionAsync(cancellationToken);
        long done = 0, rejected = 0, after = 0;
        while (true)
        {
            var rows = await store.ReadEventLogAsync(after, batchSize, cancellationToken);
            if (rows.Count == 0)
            {
                break;
            }

            var items = new List<IngestItem>(rows.Count);
            foreach (var row in rows)
            {
                if (Storage.Erasure.Tombstone.IsRedacted(row.Raw))
                {
                    continue; // an erased customer's event: kept only so its redelivery stays a duplicate
                }

                var raw = new RawMessage(row.Raw, row.Source, row.Origin)
                {
                    Tenant = row.TenantHint,
                    Dialect = row.Dialect,
                    BrokerTime = row.BrokerTime,
                    ReceivedAt = row.ReceivedAt,
                };
                var parsed = parser.Parse(raw);
                if (parsed.Event is { } e)
                {
                    items.Add(new IngestItem(raw, e, null));
                }
                else
                {
                    rejected++; // a rule change now refuses an event once accepted: reported, the raw log keeps it
                }
            }

            await store.ReprojectAsync(items, cancellationToken);
            done += rows.Count;
            after = rows[^1].Seq;
            progress?.Report(new ReplayProgress(done, Math.Max(total, done), rejected));
        }

        return new ReplayProgress(done, Math.Max(total, done), rejected);
    }
}
