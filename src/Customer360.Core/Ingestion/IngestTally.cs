using Customer360.Core.Storage;

namespace Customer360.Core.Ingestion;

/// <summary>
/// What batches did, by source, dialect and outcome (the unit IngestMetrics records once they are committed), and
/// whether an accepted event was an unmerge, which rebuilds the projection after the commit.
/// </summary>
public sealed class IngestTally
{
    private readonly Dictionary<(string Source, string Dialect, string Status), long> _events = [];

    public IReadOnlyDictionary<(string Source, string Dialect, string Status), long> Events => _events;

    public long Rejected { get; private set; }

    public int Batches { get; private set; }

    public long Accepted { get; private set; }

    public bool HasUnmerge { get; private set; }

    /// <summary>The tally of one batch.</summary>
    public static IngestTally Of(IReadOnlyList<IngestItem> items, IReadOnlyList<IngestOutcome> outcomes)
    {
        var tally = new IngestTally();
        tally.Count(items, outcomes);
        return tally;
    }

    public void Count(IReadOnlyList<IngestItem> items, IReadOnlyList<IngestOutcome> outcomes)
    {
        // A batch is mostly runs of one source, dialect and outcome: one dictionary update per run, not per event.
        (string Source, string Dialect, string Status)? run = null;
        int length = 0, rejected = 0, accepted = 0;
        for (var i = 0; i < items.Count; i++)
        {
            var status = outcomes[i].Status;
            rejected += status == IngestStatus.Rejected ? 1 : 0;
            if (status == IngestStatus.Accepted)
            {
                accepted++;
                HasUnmerge |= items[i].Event?.Type == Profiles.MergeEvents.Unmerged;
            }

            var key = (items[i].Raw.Source, items[i].Event?.Dialect ?? items[i].Raw.Dialect ?? "unknown", StatusName(status));
            if (run is { } current && current == key)
            {
                length++;
                continue;
            }

            Add(run, length);
            (run, length) = (key, 1);
        }

        Add(run, length);
        Rejected += rejected;
        Accepted += accepted;
        Batches++;
    }

    private void Add((string Source, string Dialect, string Status)? key, long n)
    {
        if (key is { } k)
        {
            _events[k] = _events.GetValueOrDefault(k) + n;
        }
    }

    private static string StatusName(IngestStatus status) => status switch
    {
        IngestStatus.Accepted => "accepted",
        IngestStatus.Duplicate => "duplicate",
        _ => "rejected",
    };
}
