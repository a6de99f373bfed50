using Customer360.Core.Storage.Audit;

namespace Customer360.Tests.Storage;

/// <summary>The audit log in the store contract: appended, listed newest first, per tenant or all.</summary>
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
}
