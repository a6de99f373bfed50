using Microsoft.Data.Sqlite;

namespace Customer360.Bench.Query;

/// <summary>
/// What the load process asks for: random existing customers (by random rowid, so the whole file is touched,
/// not a hot corner) and search terms from bench/gen_mixed_events.py's vocabulary, in three kinds: one ticket
/// by number (a handful of hits), a word with a two-digit number prefix (about 1% of the tickets), and a word
/// in every ticket (a quarter of all events). Product names are not indexed text, so they are not asked for.
/// </summary>
internal sealed class Workload
{
    private static readonly string[] CommonWords = ["device", "reports", "issue"];

    private Workload(List<string> ids, long maxSeq)
    {
        CustomerIds = ids;
        MaxSeq = maxSeq;
    }

    public List<string> CustomerIds { get; }

    public long MaxSeq { get; }

    public static Workload Sample(SqliteConnection c, int count, Random random)
    {
        long Scalar(string sql)
        {
            using var cmd = c.CreateCommand();
            cmd.CommandText = sql;
            return cmd.ExecuteScalar() is long v ? v : 0;
        }

        var maxRow = Scalar("SELECT max(rowid) FROM customers");
        var maxSeq = Scalar("SELECT max(seq) FROM events");
        using var pick = c.CreateCommand();
        pick.CommandText = "SELECT id FROM customers WHERE rowid >= $r ORDER BY rowid LIMIT 1";
        var r = pick.Parameters.Add("$r", SqliteType.Integer);
        var ids = new List<string>(count);
        while (ids.Count < count)
        {
            r.Value = random.NextInt64(1, maxRow + 1);
            if (pick.ExecuteScalar() is string id)
            {
                ids.Add(id);
            }
        }

        return new Workload(ids, maxSeq);
    }

    /// <summary>The generator titles every fourth event (a customeriq one) "Ticket {line number}".</summary>
    public string TicketTerm(Random random) => $"Ticket {random.NextInt64(0, Math.Max(1, MaxSeq / 4)) * 4}";

    /// <summary>"issue 42" matches the tickets whose number starts with 42: 42, 420-429, 4200-4299, ...</summary>
    public static string PrefixTerm(Random random) => $"issue {random.Next(10, 100)}";

    public static string CommonTerm(Random random) => CommonWords[random.Next(CommonWords.Length)];
}
