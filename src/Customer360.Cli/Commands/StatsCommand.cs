using System.CommandLine;
using Spectre.Console;

namespace Customer360.Cli.Commands;

/// <summary>`c360 stats`: customers, events by source/dialect/type, dead letters.</summary>
internal static class StatsCommand
{
    public static Command Create()
    {
        var command = new Command("stats", "Counts: customers, events by source, dialect and type, dead letters");
        command.SetAction(async (parse, ct) =>
        {
            await using var local = await LocalStore.OpenAsync(parse.GetValue(CliOptions.Db)!, ct);
            var s = await local.Store.GetStatsAsync(ct);
            AnsiConsole.MarkupLineInterpolated($"Customers: [bold]{s.Customers}[/]   Events: [bold]{s.Events}[/]   Dead letters: [bold]{s.DeadLetters}[/]");
            foreach (var (title, counts) in new[] { ("Source", s.EventsBySource), ("Dialect", s.EventsByDialect), ("Type", s.EventsByType) })
            {
                var table = new Table().AddColumns(title, "Events");
                foreach (var (key, n) in counts)
                {
                    table.AddRow(Markup.Escape(key), n.ToString(System.Globalization.CultureInfo.InvariantCulture));
                }

                AnsiConsole.Write(table);
            }

            return 0;
        });
        return command;
    }
}
