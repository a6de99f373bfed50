using System.CommandLine;
using System.Globalization;
using Spectre.Console;

namespace Customer360.Cli.Commands;

/// <summary>`c360 audit`: the append-only audit log, newest first (erasures, merges, dead-letter actions, API-key use).</summary>
internal static class AuditCommand
{
    public static Command Create()
    {
        var limit = new Option<int>("--limit") { Description = "How many, newest first", DefaultValueFactory = _ => 50 };
        var tenant = new Option<string?>("--tenant") { Description = "Only this tenant's entries" };
        var command = new Command("audit", "The audit log: who erased, merged, retried or deleted what, and API-key use") { limit, tenant };
        command.SetAction(async (parse, ct) =>
        {
            await using var local = await LocalStore.OpenAsync(parse.GetValue(CliOptions.Db)!, ct);
            var entries = await local.Store.ListAuditAsync(parse.GetValue(tenant), parse.GetValue(limit), null, ct);
            var table = new Table().AddColumns("Id", "At", "Actor", "Tenant", "Action", "Target", "Detail");
            foreach (var e in entries)
            {
                table.AddRow(e.Id.ToString(CultureInfo.InvariantCulture), e.At.ToString("u", CultureInfo.InvariantCulture), Markup.Escape(e.Actor),
                    Markup.Escape(e.Tenant), Markup.Escape(e.Action), Markup.Escape(e.Target ?? ""), Markup.Escape(e.Detail));
            }

            AnsiConsole.Write(table);
            AnsiConsole.MarkupLineInterpolated($"{entries.Count} entr{(entries.Count == 1 ? "y" : "ies")} shown");
            return 0;
        });
        return command;
    }
}
