using System.CommandLine;
using Customer360.Cli;
using Customer360.Cli.Commands;
using Spectre.Console;

if (Console.IsOutputRedirected)
{
    // Piped or captured output: plain text, and tables wide enough that a reason is never cut across lines.
    AnsiConsole.Profile.Capabilities.Ansi = false;
    AnsiConsole.Profile.Width = 240;
}

var root = new RootCommand("c360: Customer360, customer events in, live customer profiles out.");
root.Options.Add(CliOptions.Db);
root.Subcommands.Add(ServeCommand.Create());
root.Subcommands.Add(ImportCommand.Create());
root.Subcommands.Add(ReplayCommand.Create());
root.Subcommands.Add(DeadLettersCommand.Create());
root.Subcommands.Add(StatsCommand.Create());
root.Subcommands.Add(AuditCommand.Create());
root.Subcommands.Add(EraseCommand.Create());
root.Subcommands.Add(PublishCommand.Create());
root.Subcommands.Add(MigrateCommand.Create());
root.Subcommands.Add(DevServicesCommand.Create());
try
{
    return await root.Parse(args).InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (Exception ex)
{
    var code = CliErrors.Report(ex, Console.Error);
    return ex is OperationCanceledException ? 130 : code; // cancelled (Ctrl+C): the code a shell gives a SIGINT
}
