using Customer360.Core.Profiles;
using Customer360.Core.Storage;
using Customer360.Core.Storage.Sqlite;

namespace Customer360.Tests.Storage;

/// <summary>How the SQLite store orders search hits: bm25 while a query is narrow, newest first once it is broad.</summary>
public sealed class SqliteSearchTests : IAsyncLifetime
{
    private SqliteProfileStore _store = null!;

    public async Task InitializeAsync()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("c360-search-").FullName, "customer360.db");
        _store = new SqliteProfileStore(new SqliteOptions { Path = path }, new ProjectionOptions());
        await _store.InitializeAsync(default);
    }

    public async Task DisposeAsync() => await _store.DisposeAsync();

    private static IngestItem Ticket(string customer, int n, string text) => TestItems.Parse(
        $$$"""{"customer_id":"{{{customer}}}","event_type":"support_ticket","timestamp":{{{1734134400 + n}}},"source_service":"s","data":{"title":"Ticket {{{n}}}","description":"{{{text}}}"}}""",
        "test", "test:search");

    [Fact]
    public async Task A_word_in_thousands_of_tickets_lists_the_newest_matches_first()
    {
        await _store.WriteBatchAsync(Enumerable.Range(0, 2100).Select(n => Ticket($"C{n}", n, "router reboots")).ToList(), default);

        var hits = await _store.SearchAsync("default", "router", 5, default);

        Assert.Equal(["C2099", "C2098", "C2097", "C2096", "C2095"], hits.Select(h => h.Id));
    }

    [Fact]
    public async Task A_narrow_query_keeps_relevance_order_over_recency()
    {
        // The older ticket says "quokka" three times: bm25 puts it first although it is not the newest.
        await _store.WriteBatchAsync([Ticket("OLD", 1, "quokka quokka quokka firmware"), Ticket("NEW", 2, "quokka firmware update notes")], default);

        var hits = await _store.SearchAsync("default", "quokka", 5, default);

        Assert.Equal(["OLD", "NEW"], hits.Select(h => h.Id));
    }
}
