using System.Text;
using Customer360.Core.Profiles;
using Customer360.Core.Storage.Sqlite;
using Customer360.Tests.Api;
using Customer360.Tests.Samples;

namespace Customer360.Tests.Cli;

/// <summary>The c360 commands on a database file, as a user runs them.</summary>
public sealed class CliCommandTests
{
    private static string NewDb() => Path.Combine(Directory.CreateTempSubdirectory("c360-cli-").FullName, "customer360.db");

    [Fact]
    public async Task Import_loads_a_jsonl_file_and_dead_letters_the_bad_lines()
    {
        var db = NewDb();
        var file = Path.Combine(Path.GetDirectoryName(db)!, "events.jsonl");
        var lines = SampleFiles.Every().Select(j => System.Text.Json.JsonSerializer.Serialize(System.Text.Json.JsonDocument.Parse(j).RootElement)).ToList();
        lines.Insert(3, "{not json");
        await File.WriteAllTextAsync(file, string.Join("\n", lines) + "\n");

        var (code, output) = await CliRunner.RunAsync("import", file, "--db", db);
        Assert.True(code == 0, output);
        Assert.Contains("Imported: 26 new, 0 duplicates, 1 rejected", output, StringComparison.Ordinal);

        var again = await CliRunner.RunAsync("import", file, "--db", db);
        Assert.Contains("Imported: 0 new, 26 duplicates, 1 rejected", again.Output, StringComparison.Ordinal);

        var stats = await CliRunner.RunAsync("stats", "--db", db);
        Assert.Contains("Customers: 7", stats.Output, StringComparison.Ordinal);
        Assert.Contains("Events: 26", stats.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_that_is_not_a_database_is_reported_in_one_line_without_a_stack_trace()
    {
        var db = NewDb();
        await File.WriteAllTextAsync(db, "these bytes are not an SQLite file, whatever --db says");

        var (code, output) = await CliRunner.RunAsync("stats", "--db", db);

        Assert.Equal(1, code);
        Assert.Contains("error: SQLite Error 26: 'file is not a database'.", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
        Assert.Contains("C360_DEBUG=1", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dead_letters_can_be_listed_retried_with_a_corrected_body_and_deleted()
    {
        var db = NewDb();
        var file = Path.Combine(Path.GetDirectoryName(db)!, "bad.jsonl");
        await File.WriteAllTextAsync(file, "{\"source\":\"in\",\"customer_id\":\"77\",\"event_type\":\"recharge\",\"timestamp\":\"someday\",\"value\":3}\n{\"x\":1}\n");
        await CliRunner.RunAsync("import", file, "--db", db);

        var list = await CliRunner.RunAsync("dead-letters", "list", "--db", db);
        Assert.Contains("unparseable timestamp", list.Output, StringComparison.Ordinal);
        Assert.Contains("2 dead letter(s) shown", list.Output, StringComparison.Ordinal);

        var stillBad = await CliRunner.RunAsync("dead-letters", "retry", "1", "--db", db);
        Assert.Equal(1, stillBad.ExitCode);
        Assert.Contains("Still rejected", stillBad.Output, StringComparison.Ordinal);

        var fixedBody = Path.Combine(Path.GetDirectoryName(db)!, "fixed.json");
        await File.WriteAllTextAsync(fixedBody, "{\"source\":\"in\",\"customer_id\":\"77\",\"event_type\":\"recharge\",\"timestamp\":\"2024-01-15T10:30:00Z\",\"value\":3}");
        var retried = await CliRunner.RunAsync("dead-letters", "retry", "1", "--body", fixedBody, "--db", db);
        Assert.True(retried.ExitCode == 0, retried.Output);

        Assert.Equal(0, (await CliRunner.RunAsync("dead-letters", "delete", "2", "--db", db)).ExitCode);
        Assert.Contains("0 dead letter(s) shown", (await CliRunner.RunAsync("dead-letters", "list", "--db", db)).Output, StringComparison.Ordinal);

        await using var store = new SqliteProfileStore(new SqliteOptions { Path = db }, new ProjectionOptions());
        await store.InitializeAsync(default);
        Assert.Equal(3m, (await store.GetProfileAsync("default", "77", default))!.Profile.Usage.RechargeTotal);
    }

    [Fact]
    public async Task Replay_reproduces_the_live_projection_exactly()
    {
        var db = NewDb();
        string live;
        await using (var api = new ApiFactory(db))
        {
            // Live: all seeds, a duplicate, reverse-ordered extras, a merge of existing customers, a retried dead letter.
            await api.PostEventsAsync("[" + string.Join(",", SampleFiles.Every()) + "]");
            await api.PostEventsAsync(SampleFiles.Read("customeriq", "purchase"));
            await api.PostEventsAsync("""
                [{"customer_id":"dup-a","event_type":"purchase","timestamp":1734300000,"source_service":"s","data":{"purchase_id":"p9","total":5,"email":"a@x.com"}},
                 {"event_type":"note","timestamp":1734200000,"source_service":"s","data":{"email":"A@x.com","content":"VIP at the Panama store"}},
                 {"eventType":"CustomerMergedEvent","eventId":"m-live","timestamp":"2024-12-20T00:00:00Z","tenantId":"default","payload":{"targetCustomerId":"cust_001","sourceCustomerId":"dup-a"}}]
                """);
            var dl = (await api.PostEventsAsync("""{"source":"in","customer_id":"1234567890","event_type":"recharge","timestamp":"bad","value":7}""")).GetProperty("rejected")[0].GetProperty("deadLetterId").GetInt64();
            using var retry = await api.CreateClient().PostAsync($"/api/dead-letters/{dl}/retry",
                new StringContent("""{"source":"in","customer_id":"1234567890","event_type":"recharge","timestamp":"2024-01-18T00:00:00Z","value":7}""", Encoding.UTF8));
            retry.EnsureSuccessStatusCode();
            live = await SnapshotAsync(api);
        }

        var (code, output) = await CliRunner.RunAsync("replay", "--db", db);
        Assert.True(code == 0, output);
        Assert.Contains("Replayed 30 events; 0 no longer pass", output, StringComparison.Ordinal);

        await using var after = new ApiFactory(db);
        Assert.Equal(live, await SnapshotAsync(after));
    }

    private static async Task<string> SnapshotAsync(ApiFactory api)
    {
        var sb = new StringBuilder();
        foreach (var tenant in new[] { "default", "org_001", "tenant-001" })
        {
            var customers = (await api.GetAsync("/api/customers?limit=200", tenant))!.Value.GetProperty("items").EnumerateArray()
                .Select(c => c.GetProperty("id").GetString()!).Order(StringComparer.Ordinal).ToList();
            Assert.NotEmpty(customers);
            foreach (var id in customers)
            {
                foreach (var path in new[] { "", "/timeline?limit=500", "/purchases", "/work-orders", "/knowledge", "/context" })
                {
                    using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/customers/{id}{path}");
                    request.Headers.Add("X-Tenant-Id", tenant);
                    using var response = await api.CreateClient().SendAsync(request);
                    sb.Append(tenant).Append('/').Append(id).Append(path).Append(": ").AppendLine(await response.Content.ReadAsStringAsync());
                }
            }

            sb.AppendLine((await api.GetAsync("/api/customers?q=panama", tenant))!.Value.GetRawText());
        }

        return sb.ToString();
    }
}
