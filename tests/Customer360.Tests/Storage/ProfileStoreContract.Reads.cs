using Customer360.Core.Events;
using Customer360.Core.Storage;

namespace Customer360.Tests.Storage;

/// <summary>The read side's shortcuts: the existence check of per-customer routes, and search bounded on broad terms.</summary>
public abstract partial class ProfileStoreContract
{
    private static string Ticket(string customer, int n, long at = 1734134400) =>
        $$$"""{"customer_id":"{{{customer}}}","event_type":"support_ticket","timestamp":{{{at + n}}},"source_service":"s","data":{"title":"Ticket {{{n}}}","description":"Customer reports issue number {{{n}}} with device"}}""";

    [Fact]
    public async Task ResolveCustomer_gives_the_golden_record_for_an_id_or_a_merged_away_alias_and_null_for_an_unknown_one()
    {
        await WriteAsync(Purchase("old", "p-old", 30m, 1734134400), Purchase("gold", "p-gold", 20m, 1734134500));
        await WriteAsync(Crm("CustomerMergedEvent", "m1", "2024-12-15T00:00:00Z", """{"targetCustomerId":"gold","sourceCustomerId":"old","mergeReason":"DUPLICATE"}""", tenant: "default"));

        Assert.Equal("gold", await Store.ResolveCustomerAsync("default", "gold", default));
        Assert.Equal("gold", await Store.ResolveCustomerAsync("default", "old", default));
        Assert.Null(await Store.ResolveCustomerAsync("default", "nobody", default));
        Assert.Null(await Store.ResolveCustomerAsync("t1", "gold", default));
    }

    [Fact]
    public async Task Search_on_a_word_in_thousands_of_tickets_still_finds_a_number_prefix_and_another_tenants_older_ticket()
    {
        var other = RawMessage.FromString(Ticket("OTHER-1", 1, at: 1700000000), "test", "test:contract") with { Tenant = "t9" };
        var parsed = Core.Dialects.EventParser.CreateDefault().Parse(other);
        await Store.WriteBatchAsync([new IngestItem(other, parsed.Event, parsed.Rejection)], default);
        await Store.WriteBatchAsync(Enumerable.Range(0, 2100).Select(n => Item(Ticket($"C{n}", n))).ToList(), default);

        // "device" is in every ticket: distinct customers up to the limit (SQLite lists the newest first, see SqliteSearchTests).
        var broad = await Store.SearchAsync("default", "device", 10, default);
        Assert.Equal(10, broad.Select(h => h.Id).Distinct().Count());
        // A common word with a number prefix: only ticket 2077 starts with 2077 (the numbers stop at 2099).
        var ticket = Assert.Single(await Store.SearchAsync("default", "Ticket 2077", 10, default));
        Assert.Equal("C2077", ticket.Id);
        Assert.Contains("2077", ticket.Snippet, StringComparison.Ordinal);
        // The other tenant's one ticket is older than all of those, and still found within its own tenant.
        Assert.Equal("OTHER-1", Assert.Single(await Store.SearchAsync("t9", "device", 10, default)).Id);
        Assert.Equal("OTHER-1", Assert.Single(await Store.SearchAsync("t9", "dev", 10, default)).Id);
    }
}
