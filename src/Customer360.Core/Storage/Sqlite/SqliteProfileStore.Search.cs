using System.Text.RegularExpressions;

namespace Customer360.Core.Storage.Sqlite;

/// <summary>
/// Search: the profile index (names, emails, phones, companies) first, then timeline text and notes.
/// Every word matches as a prefix, ranked by bm25, with two bounds that only broad queries meet, because
/// FTS5 ranks by computing a score for every match (seconds for a word in millions of tickets) and reads a
/// prefix term's whole doclist: a word that on its own matches <see cref="SearchCandidates"/> or more of the
/// tenant's rows in an index matches as that word there (its extensions add nothing a top-20 would show),
/// and a query with more matches than that ranks the newest <see cref="SearchCandidates"/> of them.
/// </summary>
public sealed partial class SqliteProfileStore
{
    private const int SearchCandidates = 2000;

    private static readonly SearchIndex ProfileIndex = new(
        ProbeAnyTenant: "SELECT rowid FROM customers_fts WHERE customers_fts MATCH $q ORDER BY rowid DESC LIMIT 1 OFFSET $n",
        Probe: """
            SELECT customers_fts.rowid FROM customers_fts JOIN customers cu ON cu.rowid = customers_fts.rowid
            WHERE customers_fts MATCH $q AND cu.tenant_id = $t ORDER BY customers_fts.rowid DESC LIMIT 1 OFFSET $n
            """,
        Rank: """
            SELECT customers_fts.rowid, cu.id FROM customers_fts JOIN customers cu ON cu.rowid = customers_fts.rowid
            WHERE customers_fts MATCH $q AND cu.tenant_id = $t AND customers_fts.rowid >= $floor ORDER BY bm25(customers_fts) LIMIT $limit
            """,
        Snippet: "SELECT snippet(customers_fts, -1, '[', ']', '…', 8) FROM customers_fts WHERE customers_fts MATCH $q AND rowid = $r");

    private static readonly SearchIndex NotesIndex = new(
        ProbeAnyTenant: "SELECT rowid FROM notes_fts WHERE notes_fts MATCH $q ORDER BY rowid DESC LIMIT 1 OFFSET $n",
        Probe: "SELECT rowid FROM notes_fts WHERE notes_fts MATCH $q AND tenant_id = $t ORDER BY rowid DESC LIMIT 1 OFFSET $n",
        Rank: """
            SELECT rowid, customer_id FROM notes_fts
            WHERE notes_fts MATCH $q AND tenant_id = $t AND rowid >= $floor ORDER BY bm25(notes_fts) LIMIT $limit
            """,
        Snippet: "SELECT snippet(notes_fts, 0, '[', ']', '…', 10) FROM notes_fts WHERE notes_fts MATCH $q AND rowid = $r");

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

    /// <summary>Ranks the index's matches, then fetches a snippet and the profile's name for the hits it keeps.</summary>
    private static void Collect(SqliteReadConnection c, SearchIndex index, string tenantId, List<string> words, int limit,
        List<SearchHit> hits, HashSet<string> seen, Func<string, string> clean)
    {
        // Whether a word is common is judged over every tenant: the probe then reads the doclist alone, while the
        // tenant filter needs each candidate's stored row. The candidate window itself is the tenant's own.
        var match = string.Join(' ', words.Select(w => NthNewest(c, index.ProbeAnyTenant, Exact(w), null) is null ? Prefix(w) : Exact(w)));
        var floor = NthNewest(c, index.ProbeAnyTenant, match, null) is null ? 0 : NthNewest(c, index.Probe, match, tenantId) ?? 0;
        var ranked = new List<(long Row, string Customer)>();
        using (var r = c.Command(index.Rank, ("$q", match), ("$t", tenantId), ("$floor", floor), ("$limit", limit * 4)).ExecuteReader())
        {
            while (r.Read())
            {
                ranked.Add((r.GetInt64(0), r.GetString(1)));
            }
        }

        foreach (var (row, customer) in ranked)
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

            var snippet = c.Command(index.Snippet, ("$q", match), ("$r", row)).ExecuteScalar() as string ?? "";
            hits.Add(new SearchHit(customer, SqliteValues.ReadText(profile, 0), SqliteValues.ReadText(profile, 1), clean(snippet)));
        }
    }

    /// <summary>
    /// The rowid of the (SearchCandidates)th newest match (the tenant's when a tenant is given), or null when there
    /// are fewer: FTS5 walks a doclist newest first and stops there.
    /// </summary>
    private static long? NthNewest(SqliteReadConnection c, string probe, string match, string? tenantId) =>
        c.Command(probe, ("$q", match), ("$t", tenantId), ("$n", SearchCandidates - 1)).ExecuteScalar() is long row ? row : null;

    private sealed record SearchIndex(string ProbeAnyTenant, string Probe, string Rank, string Snippet);
}
