using System.Text.Json;
using Customer360.Core.Ingestion;
using Customer360.Core.Storage.Audit;

namespace Customer360.Tests.Storage;

/// <summary>The audit log in the store contract: appended, listed newest first, per tenant or all; merges made by events.</summary>
public abstract partial class ProfileStoreContract
{
    [Fact]
    public async Task The_audit_log_lists_newest_first_one_tenants_entries_or_all_and_pages_with_before()
    {
        await Store.AppendAuditAsync(AuditEntry.Create("acme-key", "acme", AuditActions.Merge, "A1", new { sourceId = "A2" }), default);
        await Store.AppendAuditAsync(AuditEntry.Create("globex-key", "globex", AuditActions.DeadLetterDelete, "7"), default);
        await Store.AppendAuditAsync(AuditEntry.Create("anonymous", AuditActions.NoTenant, AuditActions.ApiKeyRejected, "10.0.0.9", new { reason = "unknown key" }), default);

        var all = await Store.ListAuditAsync(null, 10, null, default);
        var acme = await Store.ListAuditAsync("acme", 10, null, default);

        Assert.Equal([AuditActions.ApiKeyRejected, AuditActions.DeadLetterDelete, AuditActions.Merge], all.Select(a => a.Action));
        Assert.True(all[0].Id > all[1].Id && all[1].Id > all[2].Id);
        var merge = Assert.Single(acme);
        Assert.Equal(("acme-key", "acme", "A1"), (merge.Actor, merge.Tenant, merge.Target));
        Assert.Equal("A2", System.Text.Json.JsonDocument.Parse(merge.Detail).RootElement.GetProperty("sourceId").GetString());
        Assert.True(Math.Abs((merge.At - DateTimeOffset.UtcNow).TotalMinutes) < 5);
        Assert.Equal([AuditActions.DeadLetterDelete, AuditActions.Merge], (await Store.ListAuditAsync(null, 10, all[0].Id, default)).Select(a => a.Action));
        Assert.Single(await Store.ListAuditAsync(null, 1, null, default));
    }

    [Fact]
    public async Task Merges_made_by_events_are_audited_once_with_the_source_and_a_replay_adds_none()
    {
        await WriteAsync(
            Crm("CustomerMergedEvent", "am1", "2025-02-01T00:00:00Z", """{"targetCustomerId":"G1","sourceCustomerId":"G1-old","mergeReason":"DUPLICATE"}"""),
            Crm("CustomerMergedEvent", "am1", "2025-02-01T00:00:00Z", """{"targetCustomerId":"G1","sourceCustomerId":"G1-old","mergeReason":"DUPLICATE"}"""),
            Crm("CustomerUnmergedEvent", "au1", "2025-02-02T00:00:00Z", """{"targetCustomerId":"G1","sourceCustomerId":"G1-old","mergeReason":"WRONG"}"""));
        // A provisional profile (email only) taken over when a named customer claims the email: a merge as well.
        await WriteAsync(
            """{"event_type":"contact","timestamp":1734134400,"source_service":"web","data":{"email":"p@example.com","title":"Asked"}}""",
            Purchase("N1", "ap1", 10, 1734138000, email: "p@example.com"));

        var entries = (await Store.ListAuditAsync("t1", 100, null, default)).Reverse().ToList();
        Assert.Equal([AuditActions.Merge, AuditActions.Unmerge], entries.Select(e => e.Action));
        Assert.All(entries, e => Assert.Equal(("event:test", "G1"), (e.Actor, e.Target)));
        var merge = JsonDocument.Parse(entries[0].Detail).RootElement;
        Assert.Equal(("G1-old", "am1", "DUPLICATE", "test:contract"),
            (merge.GetProperty("sourceId").GetString(), merge.GetProperty("eventId").GetString(), merge.GetProperty("reason").GetString(), merge.GetProperty("origin").GetString()));
        var identifierMerge = Assert.Single(await Store.ListAuditAsync("default", 100, null, default));
        Assert.Equal((AuditActions.Merge, "N1"), (identifierMerge.Action, identifierMerge.Target));
        Assert.Equal("identifier:email", JsonDocument.Parse(identifierMerge.Detail).RootElement.GetProperty("reason").GetString());

        var replay = await new ReplayService(TestItems.Parser, Store).ReplayAsync(null, default);
        Assert.Equal(4, replay.Done); // the repeated merge event was a duplicate, never logged
        Assert.Equal(3, (await Store.ListAuditAsync(null, 100, null, default)).Count);
    }
}
