using System.CommandLine;
using Customer360.Ingestion.Files;
using Spectre.Console;

namespace Customer360.Cli.Commands;

/// <summary>`c360 import FILE.jsonl`: one event per line, any dialect, with a progress bar.</summary>
internal static class ImportCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "JSON-lines file (one event per line); '-' for stdin" };
        var batch = new Option<int>("--batch")
        {
            Description = "Events parsed and written at a time (larger: more memory). A file is committed every 40,000 events; stdin every batch",
            DefaultValueFactory = _ => JsonlImporter.DefaultBatchSize,
        };
        var command = new Command("import", "Import events from a JSON-lines file") { file, batch };
        command.SetAction(async (parse, ct) =>
        {
            var info = parse.GetValue(file)!;
            var stdin = info.Name == "-";
            if (!stdin && !info.Exists)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]No such file:[/] {info.FullName}");
                return 2;
            }

            await using var local = await LocalStore.OpenAsync(parse.GetValue(CliOptions.Db)!, ct);
            await using var input = stdin ? Console.OpenStandardInput() : info.OpenRead();
            var total = stdin ? 0 : info.Length;
            ImportProgress result = null!;
            await AnsiConsole.Progress().AutoClear(false).StartAsync(async ctx =>
            {
                var task = ctx.AddTask($"Importing {(stdin ? "stdin" : info.Name)}", maxValue: Math.Max(total, 1));
                var progress = new Progress<ImportProgress>(p => task.Value = Math.Min(p.BytesRead, task.MaxValue));
                result = await local.Importer.ImportAsync(input, stdin ? "stdin" : info.Name, total, progress, ct, Math.Max(1, parse.GetValue(batch)));
                task.Value = task.MaxValue;
            });
            AnsiConsole.MarkupLineInterpolated($"Imported: [green]{result.Accepted}[/] new, {result.Duplicates} duplicates, [red]{result.Rejected}[/] rejected (see `c360 dead-letters list`)");
            return 0;
        });
        return command;
    }
}
