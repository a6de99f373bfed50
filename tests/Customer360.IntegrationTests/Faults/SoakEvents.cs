using System.Diagnostics;
using System.Globalization;

namespace Customer360.IntegrationTests.Faults;

/// <summary>
/// The produced stream, numbered 0..n-1 with distinct bytes (so distinct event ids), and what the store must hold
/// afterwards, computed from the numbers alone: per customer the event count, recharge total and count, and data usage.
/// Even numbers are recharges, odd ones data usage. Producers send them at a steady rate, so the ingestion lasts long
/// enough for the faults to hit it, and report what the broker acknowledged.
/// </summary>
public sealed class SoakEvents(string prefix, int events, int customers, int perSecond)
{
    private static readonly DateTime Start = new(2025, 6, 1, 0, 0, 0, DateTimeKind.Utc);
    private readonly Stopwatch _clock = new();
    private int _acked;

    /// <summary>Events the broker has acknowledged so far.</summary>
    public int Acked => Volatile.Read(ref _acked);

    public void MarkAcked(int count) => Interlocked.Add(ref _acked, count);

    /// <summary>How long until event i is due (zero when late), at the configured rate from the first call.</summary>
    public TimeSpan DueIn(int i)
    {
        lock (_clock)
        {
            _clock.Start();
            var due = TimeSpan.FromSeconds(i / (double)perSecond) - _clock.Elapsed;
            return due > TimeSpan.Zero ? due : TimeSpan.Zero;
        }
    }

    public string Prefix => prefix;

    public int Count => events;

    public int Customers => customers;

    public string Customer(int i) => $"{prefix}-{i % customers}";

    public string Json(int i)
    {
        var time = Start.AddSeconds(i).ToString("yyyy-MM-ddTHH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var (type, value) = i % 2 == 0 ? ("recharge", Recharge(i)) : ("data_usage", DataUsage(i));
        return $$$"""{"source":"soak","customer_id":"{{{Customer(i)}}}","event_type":"{{{type}}}","timestamp":"{{{time}}}","value":{{{value.ToString(CultureInfo.InvariantCulture)}}},"metadata":{"seq":{{{i}}}}}""";
    }

    public ExpectedProfile Expected(int customer)
    {
        var mine = Enumerable.Range(0, events).Where(i => i % customers == customer).ToList();
        return new ExpectedProfile(
            mine.Count,
            mine.Count(i => i % 2 == 0),
            mine.Where(i => i % 2 == 0).Sum(Recharge),
            mine.Where(i => i % 2 == 1).Sum(DataUsage));
    }

    private static decimal Recharge(int i) => (i % 7) + 1;

    private static decimal DataUsage(int i) => (i % 5) + 0.5m;
}

public sealed record ExpectedProfile(long Events, long RechargeCount, decimal RechargeTotal, decimal DataUsageMb);
