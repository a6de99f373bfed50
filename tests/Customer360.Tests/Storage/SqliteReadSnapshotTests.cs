using Customer360.Core.Storage;
using Customer360.Core.Storage.Sqlite;

namespace Customer360.Tests.Storage;

/// <summary>A read lease is one snapshot: a request's several statements never mix two commits.</summary>
public sealed class SqliteReadSnapshotTests
{
    private static IngestItem Recharge(int minute) => TestItems.Parse(
        $$"""{"source":"in","customer_id":"m","event_type":"recharge","timestamp":"2024-01-15T10:{{minute:00}}:00Z","value":1}""", "test", "t");

    [Fact]
    public async Task Statements_of_one_lease_see_the_same_commit_even_when_a_write_lands_between_them()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("c360-snapshot-").FullName, "s.db");
        await using var store = await SqliteStores.OpenAsync(path);
        await store.WriteBatchAsync([Recharge(1)], default);
        using var pool = new SqliteReadPool($"Data Source={path}");
        const string Count = "SELECT events_count FROM customers WHERE tenant_id = 'default' AND id = 'm'";

        using (var lease = pool.Rent())
        {
            Assert.Equal(1, lease.Connection.Statement(Count).ScalarInt64());
            await store.WriteBatchAsync([Recharge(2)], default); // commits beside the open read (WAL)
            Assert.Equal(1, lease.Connection.Statement(Count).ScalarInt64());
        }

        using (var next = pool.Rent()) // the same pooled connection, its old snapshot ended
        {
            Assert.Equal(2, next.Connection.Statement(Count).ScalarInt64());
        }

        await store.WriteBatchAsync([Recharge(3)], default); // an idle pooled reader holds nothing back
        Assert.Equal(3, (await store.GetProfileAsync("default", "m", default))!.Profile.EventCount);
    }
}
