using Customer360.Core.Profiles;
using Customer360.Core.Storage;
using Customer360.Core.Storage.Sqlite;

namespace Customer360.Tests.Storage;

/// <summary>The SQLite writer keeps recent profiles in memory; a second writer on the same file must not be overwritten.</summary>
public sealed class SqliteWriterCacheTests
{
    private static IngestItem Recharge(int value, int minute) => TestItems.Parse(
        $$"""{"source":"in","customer_id":"m","event_type":"recharge","timestamp":"2024-01-15T10:{{minute:00}}:00Z","value":{{value}}}""", "test", "t");

    [Fact]
    public async Task A_write_by_another_process_on_the_same_file_is_not_lost()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("c360-cache-").FullName, "c.db");
        await using var server = await SqliteStores.OpenAsync(path);
        await using var cli = await SqliteStores.OpenAsync(path);

        await server.WriteBatchAsync([Recharge(1, 1)], default); // the server now holds "m" in memory
        await cli.WriteBatchAsync([Recharge(10, 2)], default);   // e.g. `c360 import` into the same file
        await server.WriteBatchAsync([Recharge(100, 3)], default);

        var usage = (await server.GetProfileAsync("default", "m", default))!.Profile.Usage;
        Assert.Equal(111m, usage.RechargeTotal);
        Assert.Equal(3, usage.RechargeCount);
    }

    [Theory]
    [InlineData(0)] // no cache: every batch reads its profiles back
    [InlineData(1)] // two customers take turns: each batch evicts the other
    public async Task Profiles_evicted_from_the_writers_cache_are_read_back_whole(int profileCacheSize)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("c360-cache-").FullName, "c.db");
        await using var store = new SqliteProfileStore(new SqliteOptions { Path = path, ProfileCacheSize = profileCacheSize }, new ProjectionOptions());
        await store.InitializeAsync(default);
        static IngestItem For(string customer, int value, int minute) => TestItems.Parse(
            $$"""{"source":"in","customer_id":"{{customer}}","event_type":"recharge","timestamp":"2024-01-15T10:{{minute:00}}:00Z","value":{{value}}}""", "test", "t");

        for (var minute = 0; minute < 6; minute++)
        {
            await store.WriteBatchAsync([For(minute % 2 == 0 ? "a" : "b", minute + 1, minute)], default);
        }

        var a = (await store.GetProfileAsync("default", "a", default))!.Profile;
        var b = (await store.GetProfileAsync("default", "b", default))!.Profile;
        Assert.Equal((9m, 3), (a.Usage.RechargeTotal, a.Usage.RechargeCount)); // 1 + 3 + 5
        Assert.Equal((12m, 3), (b.Usage.RechargeTotal, b.Usage.RechargeCount)); // 2 + 4 + 6
        Assert.Equal(3, a.EventCount);
    }

    [Fact]
    public async Task A_profile_with_nothing_to_find_gets_no_search_row_however_many_batches_touch_it()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("c360-fts-").FullName, "c.db");
        await using (var store = new SqliteProfileStore(new SqliteOptions { Path = path }, new ProjectionOptions()))
        {
            await store.InitializeAsync(default);
            await store.WriteBatchAsync([Recharge(1, 1)], default); // new, kept in memory with no text
            await store.WriteBatchAsync([Recharge(2, 2)], default); // the cached profile again
            await store.WriteBatchAsync([Recharge(3, 3)], default);
        }

        await using var c = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False");
        c.Open();
        using var count = c.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM customers_fts";
        Assert.Equal(0L, count.ExecuteScalar());
    }

    private static IngestItem Named(string customer, string name, string eventId, int minute) => TestItems.Parse(
        $$$"""{"eventType":"CustomerProfileUpdatedEvent","eventId":"{{{eventId}}}","timestamp":"2025-01-01T09:{{{minute:00}}}:00Z","tenantId":"default","payload":{"customerId":"{{{customer}}}","name":"{{{name}}}"}}""",
        "test", "t");

    [Theory]
    [InlineData(0)]     // every batch reads the profile (and its row id) back from the file
    [InlineData(10000)] // the profile stays in memory between batches
    public async Task A_renamed_customer_is_found_by_the_new_name_only(int profileCacheSize)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("c360-rename-").FullName, "c.db");
        await using var store = new SqliteProfileStore(new SqliteOptions { Path = path, ProfileCacheSize = profileCacheSize }, new ProjectionOptions());
        await store.InitializeAsync(default);
        await store.WriteBatchAsync([Named("r1", "Quillon Oldname", "e1", 1), Named("r2", "Other Person", "e2", 1)], default);
        await store.WriteBatchAsync([Named("r1", "Quillon Newname", "e3", 2)], default);
        await store.WriteBatchAsync([Recharge(5, 3)], default);

        Assert.Empty(await store.SearchAsync("default", "Oldname", 10, default));
        Assert.Equal(["r1"], (await store.SearchAsync("default", "Newname", 10, default)).Select(h => h.Id));
        Assert.Equal(["r2"], (await store.SearchAsync("default", "Other", 10, default)).Select(h => h.Id));
        Assert.Equal("Quillon Newname", (await store.GetProfileAsync("default", "r1", default))!.Profile.Get(ProfileFields.Name));
    }

    [Fact]
    public void A_profile_whose_row_id_is_stale_is_written_to_its_own_row_and_no_other()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("c360-rowid-").FullName, "c.db");
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        SqliteSchema.Migrate(connection);
        using var session = new SqliteProjectionSession(connection, 0);
        var at = new DateTimeOffset(2025, 1, 1, 9, 0, 0, TimeSpan.Zero);

        using (var tx = connection.BeginTransaction())
        {
            var s = session.Begin(tx);
            var other = new CustomerProfile { TenantId = "default", Id = "other", IsNew = true };
            other.Set(ProfileFields.Name, "Other Person", at);
            s.SaveProfile(other, Touched.Profile);

            // "gone" was read from a row that has since been deleted; its row id now belongs to "other".
            var gone = new CustomerProfile { TenantId = "default", Id = "gone", StoreRowId = other.StoreRowId };
            gone.Set(ProfileFields.Name, "Back Again", at);
            s.SaveProfile(gone, Touched.Profile);
            Assert.NotEqual(other.StoreRowId, gone.StoreRowId);
            tx.Commit();
        }

        using var names = connection.CreateCommand();
        names.CommandText = "SELECT id || '=' || name FROM customers ORDER BY id";
        using var reader = names.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
        {
            rows.Add(reader.GetString(0));
        }

        Assert.Equal(["gone=Back Again", "other=Other Person"], rows);
    }
}
