namespace Customer360.Core.Ingestion;

/// <summary>
/// Counts over the last N seconds in one-second buckets: bounded memory however fast things happen
/// (a flood of dead letters adds to a bucket, not to a list).
/// </summary>
public sealed class SlidingCounter
{
    public const int MaxSeconds = 3600;

    private readonly long[] _counts = new long[MaxSeconds];
    private readonly long[] _seconds = new long[MaxSeconds];
    private readonly Lock _lock = new();

    public void Add(long count, DateTimeOffset at)
    {
        if (count <= 0)
        {
            return;
        }

        var second = at.ToUnixTimeSeconds();
        var slot = (int)(second % MaxSeconds);
        lock (_lock)
        {
            if (_seconds[slot] != second)
            {
                _seconds[slot] = second;
                _counts[slot] = 0;
            }

            _counts[slot] += count;
        }
    }

    /// <summary>The total of the last <paramref name="window"/> (whole seconds, at most an hour) up to <paramref name="now"/>.</summary>
    public long CountSince(TimeSpan window, DateTimeOffset now)
    {
        var last = now.ToUnixTimeSeconds();
        var first = last - Math.Clamp((long)Math.Ceiling(window.TotalSeconds), 1, MaxSeconds) + 1;
        long total = 0;
        lock (_lock)
        {
            for (var i = 0; i < MaxSeconds; i++)
            {
                if (_seconds[i] >= first && _seconds[i] <= last)
                {
                    total += _counts[i];
                }
            }
        }

        return total;
    }
}
