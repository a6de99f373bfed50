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
catch (OperationCanceledException)
{
    return 130; // stopped by Ctrl+C, as the shell reports a SIGINT
}
catch (Exception ex)
{
    return CliErrors.Report(ex, Console.Error);
}
