using System.Text.RegularExpressions;

namespace Customer360.Core.Storage.Sqlite;

/// <summary>
/// Search: the profile index (names, emails, phones, companies) first, then timeline text and notes. Every
/// word matches as a prefix, best bm25 first, unless the query is broad. FTS5's bm25 walks the whole doclist of
/// every term once per query (to weigh it) and a prefix term reads its whole doclist too: for a word in
/// millions of tickets that is 0.1-1 s however few rows are returned. So a word that on its own matches
/// <see cref="SearchCandidates"/> or more rows of an index matches as that word there (its extensions add
/// nothing a top-20 would show), and a query with such a word, or with that many matches, lists the newest
/// matches first: FTS5 walks a doclist newest first and stops at the limit.
/// </summary>
public sealed partial class SqliteProfileStore
{
    private const int SearchCandidates = 2000;

    private static readonly SearchIndex ProfileIndex = new(
        ProbeAnyTenant: "SELECT rowid FROM customers_fts WHERE customers_fts MATCH $q ORDER BY rowid DESC LIMIT 1 OFFSET $n",
        Rank: """
            SELECT cu.id, snippet(customers_fts, -1, '[', ']', '…', 8) FROM customers_fts JOIN customers cu ON cu.rowid = customers_fts.rowid
            WHERE customers_fts MATCH $q AND cu.tenant_id = $t ORDER BY bm25(customers_fts) LIMIT $limit
            """,
        Newest: """
            SELECT cu.id, snippet(customers_fts, -1, '[', ']', '…', 8) FROM customers_fts JOIN customers cu ON cu.rowid = customers_fts.rowid
            WHERE customers_fts MATCH $q AND cu.tenant_id = $t ORDER BY customers_fts.rowid DESC LIMIT $limit
            """);

    private static readonly SearchIndex NotesIndex = new(
        ProbeAnyTenant: "SELECT rowid FROM notes_fts WHERE notes_fts MATCH $q ORDER BY rowid DESC LIMIT 1 OFFSET $n",
        Rank: """
            SELECT customer_id, snippet(notes_fts, 0, '[', ']', '…', 10) FROM notes_fts
            WHERE notes_fts MATCH $q AND tenant_id = $t ORDER BY bm25(notes_fts) LIMIT $limit
            """,
        Newest: """
            SELECT customer_id, snippet(notes_fts, 0, '[', ']', '…', 10) FROM notes_fts
            WHERE notes_fts MATCH $q AND tenant_id = $t ORDER BY rowid DESC LIMIT $limit
            """);

    public Task<IReadOnlyList<SearchHit>> SearchAsync(string tenantId, string? query, int limit, CancellationToken cancellationToken)
    {
        limit = Math.Clamp(limit, 1, 200);
        using var lease = _reads.Rent();
        var c = lease.Connection;
        var words = SearchWords(query);
        var hits = new List<SearchHit>();
        if (words.Count == 0)
        {
            using var r = c.Command("SELECT id, name, email FROM customers WHERE tenant_id = $t ORDER BY last_seen_at DESC LIMIT $limit",
                ("$t", tenantId), ("$limit", limit)).ExecuteReader();
            while (r.Read())
            {
                hits.Add(new SearchHit(r.GetString(0), SqliteValues.ReadText(r, 1), SqliteValues.ReadText(r, 2), null));
            }

            return Task.FromResult<IReadOnlyList<SearchHit>>(hits);
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        Collect(c, ProfileIndex, tenantId, words, limit, hits, seen, snippet => snippet.Replace('\u001f', ' '));
        if (hits.Count < limit)
        {
            Collect(c, NotesIndex, tenantId, words, limit, hits, seen, snippet => snippet.Replace('\n', ' '));
        }

        return Task.FromResult<IReadOnlyList<SearchHit>>(hits);
    }

    /// <summary>The words of the user's text, each quoted into the FTS5 query: FTS syntax in the input is never interpreted.</summary>
    private static List<string> SearchWords(string? query) =>
        string.IsNullOrWhiteSpace(query) ? [] : Regex.Matches(query, @"[\p{L}\p{N}]+").Select(m => m.Value).ToList();

    private static string Prefix(string word) => $"\"{word}\"*";

    private static string Exact(string word) => $"\"{word}\"";

    /// <summary>
    /// Orders the index's matches with their snippets (one evaluation of the query: a prefix term's doclist is
    /// read once), then the profile's name for the hits it keeps.
    /// </summary>
    private static void Collect(SqliteReadConnection c, SearchIndex index, string tenantId, List<string> words, int limit,
        List<SearchHit> hits, HashSet<string> seen, Func<string, string> clean)
    {
        // Counted over every tenant: the probe then reads the doclist alone (the tenant is in each row's stored
        // text). Only how the matches are ordered depends on it; which rows match stays the tenant's own.
        var common = words.Select(w => IsBroad(c, index, Exact(w))).ToList();
        var match = string.Join(' ', words.Select((w, i) => common[i] ? Exact(w) : Prefix(w)));
        var newestFirst = common.Contains(true) || IsBroad(c, index, match);
        var ranked = new List<(string Customer, string Snippet)>();
        using (var r = c.Command(newestFirst ? index.Newest : index.Rank, ("$q", match), ("$t", tenantId), ("$limit", limit * 4)).ExecuteReader())
        {
            while (r.Read())
            {
                ranked.Add((r.GetString(0), r.IsDBNull(1) ? "" : r.GetString(1)));
            }
        }

        foreach (var (customer, snippet) in ranked)
        {
            if (hits.Count == limit)
            {
                return;
            }

            if (!seen.Add(customer))
            {
                continue;
            }

            using var profile = c.Command("SELECT name, email FROM customers WHERE tenant_id = $t AND id = $id", ("$t", tenantId), ("$id", customer)).ExecuteReader();
            if (!profile.Read())
            {
                continue;
            }

            hits.Add(new SearchHit(customer, SqliteValues.ReadText(profile, 0), SqliteValues.ReadText(profile, 1), clean(snippet)));
        }
    }

    /// <summary>Whether the index has SearchCandidates or more matches: FTS5 walks the doclist newest first and stops there.</summary>
    private static bool IsBroad(SqliteReadConnection c, SearchIndex index, string match) =>
        c.Command(index.ProbeAnyTenant, ("$q", match), ("$n", SearchCandidates - 1)).ExecuteScalar() is long;

    private sealed record SearchIndex(string ProbeAnyTenant, string Rank, string Newest);
}
