using System.Text.Json;
using Customer360.Core.Profiles;
using Customer360.Core.Storage.Erasure;
using Microsoft.Data.Sqlite;
using static Customer360.Core.Storage.Sqlite.SqliteValues;

namespace Customer360.Core.Storage.Sqlite;

/// <summary>
/// The rows of one erase, inside the caller's transaction: the customer's ids are passed as a JSON array
/// ($ids, read with json_each), and the raw log's keys of them ($keys, SqliteKeys) for its customer index. The index
/// rows go first, while the rowids that key them still exist.
/// </summary>
internal static class SqliteErasure
{
    private const string Ids = "(SELECT value FROM json_each($ids))";

    // The raw log's events of the customer: found by key, decided by id (two ids may share a key).
    private const string TheirEvents = "customer_key IN (SELECT value FROM json_each($keys)) AND tenant_id = $t AND customer_id IN " + Ids;

    // The log is the timeline (schema v5): an event is the customer's when the log says so, which merges and
    // unmerges keep true, hidden events (an undone merge, the undo itself) included.
    private const string RedactEvents = $"""
        UPDATE events SET raw = $tombstone, customer_id = $erased, customer_key = $erasedKey WHERE {TheirEvents}
        """;

    // Before the redaction gives the events another owner: the notes index is keyed by their seqs.
    private const string DeleteNotes = $"""
        DELETE FROM notes_fts WHERE rowid IN (SELECT seq FROM events WHERE {TheirEvents});
        """;

    private const string DeleteRows = $"""
        DELETE FROM customers_fts WHERE rowid IN (SELECT rowid FROM customers WHERE tenant_id = $t AND id IN {Ids});
        DELETE FROM customers WHERE tenant_id = $t AND id IN {Ids};
        DELETE FROM consent WHERE tenant_id = $t AND customer_id IN {Ids};
        DELETE FROM purchases WHERE tenant_id = $t AND customer_id IN {Ids};
        DELETE FROM work_orders WHERE tenant_id = $t AND customer_id IN {Ids};
        DELETE FROM knowledge WHERE tenant_id = $t AND customer_id IN {Ids};
        DELETE FROM credit_usages WHERE tenant_id = $t AND customer_id IN {Ids};
        DELETE FROM credit_alerts WHERE tenant_id = $t AND customer_id IN {Ids};
        DELETE FROM entitlements WHERE tenant_id = $t AND customer_id IN {Ids};
        DELETE FROM identifiers WHERE tenant_id = $t AND customer_id IN {Ids};
        DELETE FROM aliases WHERE tenant_id = $t AND (customer_id IN {Ids} OR alias_id IN {Ids});
        """;

    /// <summary>
    /// Merges every FTS5 segment into one, dropping the deleted rows' entries from the index b-tree; with
    /// secure_delete on, the pages of the old segments are zeroed as they are freed.
    /// </summary>
    private const string OptimizeIndexes = """
        INSERT INTO customers_fts (customers_fts) VALUES ('optimize');
        INSERT INTO notes_fts (notes_fts) VALUES ('optimize');
        """;

    public static EraseResult? Erase(SqliteConnection c, SqliteTransaction tx, string tenantId, string customerId)
    {
        var golden = Scalar(c, tx, "SELECT customer_id FROM aliases WHERE tenant_id = $t AND alias_id = $id", ("$t", tenantId), ("$id", customerId)) as string ?? customerId;
        var ids = new List<string> { golden };
        ids.AddRange(Strings(c, tx, "SELECT alias_id FROM aliases WHERE tenant_id = $t AND customer_id = $id ORDER BY alias_id", ("$t", tenantId), ("$id", golden)));
        var known = Scalar(c, tx, "SELECT EXISTS (SELECT 1 FROM customers WHERE tenant_id = $t AND id = $id)", ("$t", tenantId), ("$id", golden)) is 1L;
        if (!known && ids.Count == 1)
        {
            return null;
        }

        var idsJson = JsonSerializer.Serialize(ids);
        var emails = new List<string?>();
        var phones = new List<string?>();
        using (var cmd = Command(c, $"""
            SELECT 'email', email FROM customers WHERE tenant_id = $t AND id IN {Ids}
            UNION ALL SELECT 'phone', phone FROM customers WHERE tenant_id = $t AND id IN {Ids}
            UNION ALL SELECT kind, value FROM identifiers WHERE tenant_id = $t AND customer_id IN {Ids}
            """, ("$t", tenantId), ("$ids", idsJson)))
        {
            cmd.Transaction = tx;
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                (r.GetString(0) == Identifiers.Email ? emails : phones).Add(ReadText(r, 1));
            }
        }

        var erasureId = Tombstone.NewErasureId();
        var erasedId = Tombstone.CustomerId(erasureId);
        var keysJson = JsonSerializer.Serialize(ids.Select(id => SqliteKeys.Of(tenantId, id)));
        var rows = Execute(c, tx, DeleteNotes, ("$t", tenantId), ("$ids", idsJson), ("$keys", keysJson));
        var redacted = Execute(c, tx, RedactEvents, ("$t", tenantId), ("$ids", idsJson), ("$keys", keysJson),
            ("$tombstone", Tombstone.Body), ("$erased", erasedId), ("$erasedKey", SqliteKeys.Of(tenantId, erasedId)));
        rows += Execute(c, tx, DeleteRows, ("$t", tenantId), ("$ids", idsJson));
        var letters = DeleteDeadLetters(c, tx, tenantId, Tombstone.Needles(ids, emails, phones));
        Execute(c, tx, OptimizeIndexes);

        return new EraseResult(erasureId, golden, ids, redacted, letters, rows);
    }

    /// <summary>Letters of this tenant, or of no known tenant, whose raw bytes mention the customer.</summary>
    private static long DeleteDeadLetters(SqliteConnection c, SqliteTransaction tx, string tenantId, IReadOnlyList<byte[]> needles)
    {
        var doomed = new List<long>();
        using (var cmd = Command(c, "SELECT id, raw FROM dead_letters WHERE tenant_hint = $t OR tenant_hint IS NULL", ("$t", tenantId)))
        {
            cmd.Transaction = tx;
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                if (Tombstone.Mentions((byte[])r.GetValue(1), needles))
                {
                    doomed.Add(r.GetInt64(0));
                }
            }
        }

        return doomed.Count == 0 ? 0 : Execute(c, tx, "DELETE FROM dead_letters WHERE id IN (SELECT value FROM json_each($ids))", ("$ids", JsonSerializer.Serialize(doomed)));
    }

    private static object? Scalar(SqliteConnection c, SqliteTransaction tx, string sql, params (string, object?)[] args)
    {
        using var cmd = Command(c, sql, args);
        cmd.Transaction = tx;
        return cmd.ExecuteScalar();
    }

    private static List<string> Strings(SqliteConnection c, SqliteTransaction tx, string sql, params (string, object?)[] args)
    {
        using var cmd = Command(c, sql, args);
        cmd.Transaction = tx;
        using var r = cmd.ExecuteReader();
        var list = new List<string>();
        while (r.Read())
        {
            list.Add(r.GetString(0));
        }

        return list;
    }

    private static int Execute(SqliteConnection c, SqliteTransaction tx, string sql, params (string, object?)[] args)
    {
        using var cmd = Command(c, sql, args);
        cmd.Transaction = tx;
        return cmd.ExecuteNonQuery();
    }
}
