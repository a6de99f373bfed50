using System.Text.Json;

namespace Customer360.IntegrationTests.Faults;

/// <summary>What one broker's soak did and found. Lost and Doubled are counted per event against the produced stream.</summary>
public sealed record SoakReport(
    string Broker,
    int Produced,
    double Seconds,
    int Kills,
    IReadOnlyList<long> KilledAtStored,
    int BrokerRestarts,
    int LockPeriods,
    long LockStoreFailures,
    int DiskFullPeriods,
    long DiskFullStoreFailures,
    int SkippedFaults,
    long LoggedEvents,
    long Lost,
    long Doubled,
    int CustomersWithWrongSums,
    long DeadLetters,
    IReadOnlyList<int> MissingSample)
{
    public override string ToString() => JsonSerializer.Serialize(this);
}
