using Customer360.IntegrationTests.Infrastructure;
using Microsoft.Data.Sqlite;
using Xunit;

namespace Customer360.IntegrationTests.Files;

/// <summary>`c360 import` killed with -9 part way through a file, then run again on it.</summary>
public sealed class ImportCrashTests
{
    private const int Events = 300_000;
    private const int Customers = 1_000;

    private static readonly Dictionary<string, string?> Env = new() { ["NO_COLOR"] = "1" };

    [Fact]
    public async Task Import_killed_mid_file_then_run_again_stores_and_counts_every_event_exactly_once()
    {
        var dir = Directory.CreateTempSubdirectory("c360-import-crash-").FullName;
        var file = Path.Combine(dir, "events.jsonl");
        var db = Path.Combine(dir, "c.db");
        await File.WriteAllLinesAsync(file, Enumerable.Range(0, Events).Select(i =>
            $$"""{"event_id":"k{{i}}","source":"in","customer_id":"c{{i % Customers}}","event_type":"recharge","timestamp":"2024-01-15T10:00:00Z","value":{{i % 100}}}"""));
        var c360 = Path.Combine(AppContext.BaseDirectory, "c360.dll");

        long committed;
        await using (var first = ExternalProcess.Start("dotnet", [c360, "import", file, "--db", db], Env))
        {
            // The first transaction of 40,000 events is committed long before the file's end.
            await Poll.UntilAsync(() => Task.FromResult(Stored(db).Events), n => n > 0, TimeSpan.FromMinutes(2), "the first committed events");
            first.KillHard();
            committed = Stored(db).Events;
            Assert.True(committed < Events, $"killed after the end of the file ({committed} of {Events} stored)\n{first.Output}");
        }

        var output = await ExternalProcess.RunAsync("dotnet", [c360, "import", file, "--db", db], Env, TimeSpan.FromMinutes(3));

        Assert.Contains($"Imported: {Events - committed} new, {committed} duplicates, 0 rejected", output, StringComparison.Ordinal);
        Assert.Equal((Events, Events), Stored(db)); // each event logged once and counted once on its customer
    }

    /// <summary>Events in the raw log, and the sum of the customers' event counts; zeros until the schema exists.</summary>
    private static (long Events, long Counted) Stored(string db)
    {
        try
        {
            using var connection = new SqliteConnection($"Data Source={db};Pooling=False");
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT (SELECT count(*) FROM events), (SELECT coalesce(sum(events_count), 0) FROM customers)";
            using var reader = command.ExecuteReader();
            reader.Read();
            return (reader.GetInt64(0), reader.GetInt64(1));
        }
        catch (SqliteException)
        {
            return (0, 0); // not created yet
        }
    }
}
