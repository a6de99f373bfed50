using System.CommandLine;
using Customer360.Core.Ingestion;
using Customer360.Core.Storage.Audit;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace Customer360.Cli.Commands;

/// <summary>`c360 erase ID --tenant T`: erase a customer from the store (same as DELETE /api/customers/{id}), audited as `cli`.</summary>
internal static class EraseCommand
{
    public static Command Create()
    {
        var id = new Argument<string>("id") { Description = "Customer id (a merged-away id erases its golden record)" };
        var tenant = new Option<string>("--tenant") { Description = "The customer's tenant", DefaultValueFactory = _ => Core.Dialects.DialectNames.DefaultTenant };
        var command = new Command("erase", "Erase a customer: profile, history, index entries, dead letters; raw events redacted") { id, tenant };
        command.SetAction(async (parse, ct) =>
        {
            await using var local = await LocalStore.OpenAsync(parse.GetValue(CliOptions.Db)!, ct);
            var result = await local.Services.GetRequiredService<ErasureService>().EraseAsync(parse.GetValue(tenant)!, parse.GetValue(id)!, AuditActions.Cli, ct);
            if (result is null)
            {
                AnsiConsole.MarkupLine("[red]No such customer[/]");
                return 2;
            }

            AnsiConsole.MarkupLineInterpolated(
                $"Erased {result.CustomerId} (+{result.ErasedIds.Count - 1} merged): {result.EventsRedacted} event(s) redacted, {result.DeadLettersDeleted} dead letter(s) and {result.RowsDeleted} row(s) deleted; erasure {result.ErasureId}");
            if (result.FilesScrubbed == false)
            {
                // Not rewritten (Storage:SqliteVacuumOnErase=false) or the WAL was busy: the rows are gone, old page copies may not be.
                AnsiConsole.MarkupLine("[yellow]The database file was not fully rewritten: run VACUUM (sqlite3 FILE 'VACUUM') to scrub old page copies.[/]");
            }

            return 0;
        });
        return command;
    }
}
