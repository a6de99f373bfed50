using System.Globalization;

namespace Customer360.IntegrationTests.Faults;

/// <summary>
/// How big and how hostile a fault soak is. The CI defaults are small; scripts/soak/run.sh sets the C360_SOAK_*
/// variables for the long run (same code, same checks).
/// </summary>
public sealed record SoakOptions
{
    public int Events { get; init; } = Int("EVENTS", 4000);
    public int Customers { get; init; } = Int("CUSTOMERS", 50);

    /// <summary>Production rate: the stream lasts Events / Rate seconds, long enough for every fault to land in it.</summary>
    public int Rate { get; init; } = Int("RATE", 80);
    public int Kills { get; init; } = Int("KILLS", 3);
    public int LockPeriods { get; init; } = Int("LOCKS", 1);
    public int DiskFullPeriods { get; init; } = Int("DISK_FULLS", 1);
    public int BrokerRestarts { get; init; } = Int("BROKER_RESTARTS", 1);

    /// <summary>
    /// How long another process holds the write lock. The service's batches wait (busy_timeout 10 s, and
    /// Microsoft.Data.Sqlite retries a busy statement for its 30 s command timeout): 12 s stalls ingestion, and more
    /// than ~40 s makes batches fail (the long soak does that).
    /// </summary>
    public int LockSeconds { get; init; } = Int("LOCK_SECONDS", 12);

    public int DiskFullSeconds { get; init; } = Int("DISK_FULL_SECONDS", 5);
    public int Seed { get; init; } = Int("SEED", 10);

    /// <summary>Size of the tmpfs holding the database (MiB); must hold the whole run's database.</summary>
    public int VolumeMiB { get; init; } = Int("VOLUME_MIB", 256);

    /// <summary>Kafka partitions: the mock cluster keeps only ~5 MiB per partition.</summary>
    public int Partitions { get; init; } = Int("PARTITIONS", 8);

    /// <summary>A file the report line (JSON) is appended to, when set.</summary>
    public string? ReportFile { get; init; } = Environment.GetEnvironmentVariable("C360_SOAK_REPORT");

    private static int Int(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable("C360_SOAK_" + name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : fallback;
}
