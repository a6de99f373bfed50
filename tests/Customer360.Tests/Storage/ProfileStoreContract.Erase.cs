using System.Text;
using Customer360.Core.Dialects;
using Customer360.Core.Events;
using Customer360.Core.Ingestion;
using Customer360.Core.Storage;
using Customer360.Core.Storage.Audit;
using Customer360.Core.Storage.Erasure;

namespace Customer360.Tests.Storage;

/// <summary>Erase (DELETE /api/customers/{id}) in the store contract: every store must forget a customer the same way.</summary>
public abstract partial class ProfileStoreContract
{
    private async Task<string> ReadAllAsync(string tenant, string id)
    {
        var sb = new StringBuilder();
        sb.AppendLine(System.Text.Json.JsonSerializer.Serialize(await Store.GetProfileAsync(tenant, id, default)));
        sb.AppendLine(System.Text.Json.JsonSerializer.Serialize(await Store.GetTimelineAsync(tenant, id, new TimelineQuery(500), default)));
        sb.AppendLine(System.Text.Json.JsonSerializer.Serialize(await Store.GetPurchasesAsync(tenant, id, default)));
        sb.AppendLine(System.Text.Json.JsonSerializer.Serialize(await Store.GetWorkOrdersAsync(tenant, id, default)));
        sb.AppendLine(System.Text.Json.JsonSerializer.Serialize(await Store.GetKnowledgeAsync(tenant, id, default)));
        return sb.ToString();
    }

    [Fact]
    public async Task Erase_of_a_merged_away_id_forgets_the_golden_record_and_everything_merged_into_it_and_nothing_else()
    {
        await WriteAsync(ErasureEvents.Story("E1", "Quentin Zabriskie", "Q.Zabriskie@erase.example", "+507 6111-2233"));
        await WriteAsync(ErasureEvents.Story("E1-old", "Quentin Z", "qz.old@erase.example", "+507 6999-8877"));
        await WriteAsync(ErasureEvents.Story("K1", "Kept Customer", "kept@keep.example", "+507 6555-4444"));
        await WriteAsync(Crm("CustomerMergedEvent", "merge-e1", "2025-02-01T00:00:00Z", """{"targetCustomerId":"E1","sourceCustomerId":"E1-old","mergeReason":"DUPLICATE"}""", tenant: "default"));
        var letters = await Store.WriteBatchAsync(
        [
            Item("""{"event_type":"note","source_service":"x","data":{"email":"q.zabriskie@ERASE.example","content":"no timestamp"}}"""),
            Item("""{"event_type":"note","source_service":"x","data":{"email":"kept@keep.example","content":"no timestamp"}}"""),
        ], default);
        Assert.All(letters, o => Assert.Equal(IngestStatus.Rejected, o.Status));
        Assert.Equal("E1", (await Store.GetProfileAsync("default", "E1-old", default))!.Profile.Id);
        Assert.NotEmpty(await Store.SearchAsync("default", "zabriskie", 10, default));
        var kept = await ReadAllAsync("default", "K1");
        var logBefore = await Store.ReadEventLogAsync(0, 1000, default);

        Assert.Null(await Store.EraseCustomerAsync("other-tenant", "E1", "tester", default));
        var result = await Store.EraseCustomerAsync("default", "E1-old", "tester", default);

        Assert.NotNull(result);
        Assert.Equal("E1", result.CustomerId);
        Assert.Equal(["E1", "E1-old"], result.ErasedIds.Order(StringComparer.Ordinal));
        Assert.Equal(2 * ErasureEvents.Story("x", "n", "e@x.y", "1234567").Length + 1, result.EventsRedacted);
        Assert.Equal(1, result.DeadLettersDeleted);
        foreach (var id in new[] { "E1", "E1-old" })
        {
            Assert.Null(await Store.GetProfileAsync("default", id, default));
            Assert.Empty((await Store.GetTimelineAsync("default", id, new TimelineQuery(500), default)).Items);
            Assert.Empty(await Store.GetPurchasesAsync("default", id, default));
            Assert.Empty(await Store.GetWorkOrdersAsync("default", id, default));
            Assert.Empty(await Store.GetKnowledgeAsync("default", id, default));
        }

        foreach (var q in new[] { "zabriskie", "Quentin", "q.zabriskie@erase.example", "qz.old", "61112233", "reboots" })
        {
            Assert.DoesNotContain(await Store.SearchAsync("default", q, 10, default), h => h.Id is "E1" or "E1-old");
        }

        Assert.DoesNotContain(await Store.SearchAsync("default", null, 10, default), h => h.Id is "E1" or "E1-old");
        Assert.Equal(kept, await ReadAllAsync("default", "K1"));
        Assert.Equal("K1", Assert.Single(await Store.SearchAsync("default", "kept", 10, default)).Id);
        var letter = Assert.Single(await Store.ListDeadLettersAsync(10, null, default));
        Assert.Contains("kept@keep.example", Encoding.UTF8.GetString(letter.Raw), StringComparison.Ordinal);
        Assert.Equal(1, (await Store.GetStatsAsync(default)).Customers);

        // The raw log keeps every row (seq, tenant, event id), but nothing of the erased customer's bodies.
        var logAfter = await Store.ReadEventLogAsync(0, 1000, default);
        Assert.Equal(logBefore.Select(e => (e.Seq, e.EventId, e.TenantId)), logAfter.Select(e => (e.Seq, e.EventId, e.TenantId)));
        Assert.Equal(result.EventsRedacted, logAfter.Count(e => Tombstone.IsRedacted(e.Raw)));
        Assert.DoesNotContain(logAfter, e => Encoding.UTF8.GetString(e.Raw).Contains("abriskie", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(ErasureEvents.Story("K1", "Kept Customer", "kept@keep.example", "+507 6555-4444").Length,
            logAfter.Count(e => Encoding.UTF8.GetString(e.Raw).Contains("\"K1\"", StringComparison.Ordinal)));

        var audit = Assert.Single(await Store.ListAuditAsync("default", 10, null, default), a => a.Action == AuditActions.Erase);
        Assert.Equal("tester", audit.Actor);
        Assert.Equal(Tombstone.CustomerId(result.ErasureId), audit.Target);
        Assert.DoesNotContain("E1", audit.Detail, StringComparison.Ordinal);
        Assert.Null(await Store.EraseCustomerAsync("default", "E1", "tester", default));
        Assert.Null(await Store.EraseCustomerAsync("default", "never-seen", "tester", default));
    }

    [Fact]
    public async Task After_erase_a_redelivered_old_event_is_a_duplicate_and_a_new_event_makes_a_fresh_profile()
    {
        var story = ErasureEvents.Story("R1", "Rita Redelivered", "rita@erase.example", "+507 6222-3344");
        var emailOnly = """{"event_type":"contact","timestamp":1736000300,"source_service":"desk","data":{"email":"rita@erase.example","title":"Rita wrote in"}}""";
        await WriteAsync([.. story, emailOnly]);
        Assert.NotNull(await Store.EraseCustomerAsync("default", "R1", "tester", default));

        var redelivered = await WriteAsync([.. story, emailOnly]);

        Assert.All(redelivered, o => Assert.Equal(IngestStatus.Duplicate, o.Status));
        Assert.Null(await Store.GetProfileAsync("default", "R1", default));
        Assert.Empty(await Store.SearchAsync("default", "rita", 10, default));
        Assert.Empty(await Store.ListDeadLettersAsync(10, null, default));

        var fresh = await WriteAsync(Crm("CustomerProfileCreatedEvent", "R1-new", "2025-06-01T09:00:00Z", """{"customerId":"R1","name":"R. New"}""", tenant: "default"));
        Assert.Equal(IngestStatus.Accepted, fresh[0].Status);
        var profile = (await Store.GetProfileAsync("default", "R1", default))!.Profile;
        Assert.Equal("R. New", profile.Get(Core.Profiles.ProfileFields.Name));
        Assert.Null(profile.Get(Core.Profiles.ProfileFields.Email));
        Assert.Equal(1, profile.EventCount);
        Assert.Equal(0, profile.PurchaseCount);
    }

    [Fact]
    public async Task With_auto_create_off_a_redelivered_event_of_an_erased_customer_is_a_duplicate_not_a_dead_letter()
    {
        var store = await NewStoreAsync(new Core.Profiles.ProjectionOptions { AutoCreateCustomers = false });
        var created = Item(Crm("CustomerProfileCreatedEvent", "A1-created", "2025-01-01T09:00:00Z", """{"customerId":"A1","name":"Ada Autocreate"}""", tenant: "default"));
        await store.WriteBatchAsync([Item(Telecom("seed-only", "recharge", 1, "2024-01-15T10:00:00Z"))], default); // unknown: a dead letter, as before
        var letters = (await store.ListDeadLettersAsync(10, null, default)).Count;

        // A created customer needs auto-create, so make one through a store that allows it, on the same data.
        var writer = await NewStoreAsync(new Core.Profiles.ProjectionOptions(), sameDataAs: store);
        var usage = Item(Telecom("A1", "recharge", 5, "2025-01-02T09:00:00Z"));
        await writer.WriteBatchAsync([created, usage], default);
        Assert.NotNull(await store.EraseCustomerAsync("default", "A1", "tester", default));

        var redelivered = await store.WriteBatchAsync([created, usage], default);

        Assert.All(redelivered, o => Assert.Equal(IngestStatus.Duplicate, o.Status));
        Assert.Equal(letters, (await store.ListDeadLettersAsync(10, null, default)).Count);
    }

    [Fact]
    public async Task Replay_after_erase_skips_the_tombstones_and_does_not_bring_the_customer_back()
    {
        await WriteAsync(ErasureEvents.Story("Z1", "Zed Replayed", "zed@erase.example", "+507 6333-4455"));
        await WriteAsync(ErasureEvents.Story("K2", "Kept Two", "k2@keep.example", "+507 6444-5566"));
        var kept = await ReadAllAsync("default", "K2");
        Assert.NotNull(await Store.EraseCustomerAsync("default", "Z1", "tester", default));

        var replay = await new ReplayService(EventParser.CreateDefault(), Store).ReplayAsync(null, default, batchSize: 5);

        Assert.Equal(0, replay.NowRejected);
        Assert.Null(await Store.GetProfileAsync("default", "Z1", default));
        Assert.Empty(await Store.SearchAsync("default", "zed", 10, default));
        Assert.Empty(await Store.ListDeadLettersAsync(10, null, default));
        Assert.Equal(kept, await ReadAllAsync("default", "K2"));
    }
}
