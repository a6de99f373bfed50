using Customer360.Tests.Samples;

namespace Customer360.Tests.Cli;

/// <summary>
/// `c360 erase` and `c360 audit` on a database file: the erase is audited as `cli`, without the customer's id; the
/// samples' CRM merge into that customer was audited when it was imported.
/// </summary>
public sealed class EraseAuditCliTests
{
    [Fact]
    public async Task Erase_forgets_the_customer_once_and_audit_lists_it_as_done_by_the_cli()
    {
        var db = Path.Combine(Directory.CreateTempSubdirectory("c360-cli-").FullName, "customer360.db");
        var file = Path.Combine(Path.GetDirectoryName(db)!, "events.jsonl");
        await File.WriteAllTextAsync(file, string.Join("\n", SampleFiles.Every().Select(j => System.Text.Json.JsonSerializer.Serialize(System.Text.Json.JsonDocument.Parse(j).RootElement))) + "\n{\"x\":1}\n");
        await CliRunner.RunAsync("import", file, "--db", db);

        var erased = await CliRunner.RunAsync("erase", "CUST-100", "--tenant", "tenant-001", "--db", db);
        var again = await CliRunner.RunAsync("erase", "CUST-100", "--tenant", "tenant-001", "--db", db);
        var deleted = await CliRunner.RunAsync("dead-letters", "delete", "1", "--db", db);
        var audit = await CliRunner.RunAsync("audit", "--db", db);

        Assert.True(erased.ExitCode == 0, erased.Output);
        Assert.Contains("Erased CUST-100", erased.Output, StringComparison.Ordinal);
        Assert.Equal(2, again.ExitCode);
        Assert.Equal(0, deleted.ExitCode);
        Assert.True(audit.ExitCode == 0, audit.Output);
        Assert.Contains("customer.erase", audit.Output, StringComparison.Ordinal);
        Assert.Contains("dead-letter.delete", audit.Output, StringComparison.Ordinal);
        Assert.Contains("3 entries shown", audit.Output, StringComparison.Ordinal);
        var eraseRow = Assert.Single(audit.Output.Split('\n'), l => l.Contains("customer.erase", StringComparison.Ordinal));
        Assert.DoesNotContain("CUST-100", eraseRow, StringComparison.Ordinal);
        Assert.Contains(" cli ", eraseRow, StringComparison.Ordinal);
        var mergeRow = Assert.Single(audit.Output.Split('\n'), l => l.Contains("customer.merge", StringComparison.Ordinal));
        Assert.Contains("event:file", mergeRow, StringComparison.Ordinal);
        Assert.Contains("Customers: 6", (await CliRunner.RunAsync("stats", "--db", db)).Output, StringComparison.Ordinal);
    }
}
