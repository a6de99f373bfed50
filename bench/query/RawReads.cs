using Microsoft.Data.Sqlite;

namespace Customer360.Bench.Query;

/// <summary>
/// The storage floor: the same data read straight from the same file with prepared statements on one open
/// connection, every column materialised. What a route costs above this is our API, HTTP and JSON.
/// </summary>
internal sealed class RawReads : IDisposable
{
    private const string Tenant = "default";
    private readonly SqliteConnection _c;
    private readonly SqliteCommand _profile;
    private readonly SqliteCommand _timeline;
    private readonly SqliteCommand _purchases;
    private readonly SqliteCommand _workOrders;
    private readonly SqliteCommand _knowledge;
    private readonly SqliteCommand _searchProfiles;
    private readonly SqliteCommand _searchNotes;

    public RawReads(string dbPath)
    {
        _c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = dbPath, Mode = SqliteOpenMode.ReadOnly }.ToString());
        _c.Open();
        _profile = Prepare("""
            SELECT c.* FROM customers c WHERE c.tenant_id = $t AND c.id = $id
            """);
        // Schema v5 has no timeline table: a page is the customer's rows of the raw log, bodies included (the API parses
        // them into entries); older files keep the table. Schema v6 finds them by the log's integer keys.
        Customer360.Core.Storage.Sqlite.SqliteKeys.Register(_c);
        _timeline = Prepare(HasTable("timeline")
            ? "SELECT * FROM timeline WHERE tenant_id = $t AND customer_id = $id ORDER BY occurred_at DESC, seq DESC LIMIT $limit"
            : HasColumn("events", "customer_key")
                ? "SELECT * FROM events WHERE customer_key = c360_key($t, $id) AND tenant_id = $t AND customer_id = $id ORDER BY occurred_ticks DESC, seq DESC LIMIT $limit"
                : "SELECT * FROM events WHERE tenant_id = $t AND customer_id = $id ORDER BY occurred_at DESC, seq DESC LIMIT $limit", "$limit");
        _purchases = Prepare("SELECT * FROM purchases WHERE tenant_id = $t AND customer_id = $id");
        _workOrders = Prepare("SELECT * FROM work_orders WHERE tenant_id = $t AND customer_id = $id");
        _knowledge = Prepare("SELECT * FROM knowledge WHERE tenant_id = $t AND customer_id = $id");
        // A plain relevance-ranked MATCH, as anyone querying the file directly would write it.
        _searchProfiles = Prepare("SELECT rowid, * FROM customers_fts WHERE customers_fts MATCH $q ORDER BY rank LIMIT 20", "$q");
        _searchNotes = Prepare("SELECT rowid, * FROM notes_fts WHERE notes_fts MATCH $q ORDER BY rank LIMIT 20", "$q");
    }

    private bool HasColumn(string table, string column)
    {
        using var cmd = _c.CreateCommand();
        cmd.CommandText = "SELECT count(*) FROM pragma_table_info($t) WHERE name = $c";
        cmd.Parameters.AddWithValue("$t", table);
        cmd.Parameters.AddWithValue("$c", column);
        return (long)cmd.ExecuteScalar()! > 0;
    }

    private bool HasTable(string name)
    {
        using var cmd = _c.CreateCommand();
        cmd.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = $n";
        cmd.Parameters.AddWithValue("$n", name);
        return (long)cmd.ExecuteScalar()! > 0;
    }

    public int Profile(string id) => Rows(_profile, id);

    public int Timeline(string id, int limit)
    {
        _timeline.Parameters["$limit"].Value = limit;
        return Rows(_timeline, id);
    }

    public int Context(string id) => Profile(id) + Timeline(id, 15) + Rows(_purchases, id) + Rows(_workOrders, id) + Rows(_knowledge, id);

    /// <summary>The words as prefix terms, the way the store turns a search box into an FTS query.</summary>
    public int Search(string words)
    {
        var match = string.Join(' ', words.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(w => $"\"{w}\"*"));
        var n = Rows(_searchProfiles, null, match);
        return n >= 20 ? n : n + Rows(_searchNotes, null, match);
    }

    public void Dispose() => _c.Dispose();

    private SqliteCommand Prepare(string sql, params string[] extra)
    {
        var cmd = _c.CreateCommand();
        cmd.CommandText = sql;
        if (sql.Contains("$t", StringComparison.Ordinal))
        {
            cmd.Parameters.AddWithValue("$t", Tenant);
            cmd.Parameters.AddWithValue("$id", "");
        }

        foreach (var name in extra)
        {
            cmd.Parameters.AddWithValue(name, "");
        }

        cmd.Prepare();
        return cmd;
    }

    private static int Rows(SqliteCommand cmd, string? id, string? q = null)
    {
        if (id is not null)
        {
            cmd.Parameters["$id"].Value = id;
        }

        if (q is not null)
        {
            cmd.Parameters["$q"].Value = q;
        }

        using var r = cmd.ExecuteReader();
        var rows = 0;
        while (r.Read())
        {
            for (var i = 0; i < r.FieldCount; i++)
            {
                _ = r.GetValue(i);
            }

            rows++;
        }

        return rows;
    }
}
