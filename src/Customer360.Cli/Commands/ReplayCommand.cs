using System.CommandLine;
using Customer360.Core.Ingestion;
using Spectre.Console;

namespace Customer360.Cli.Commands;

/// <summary>`c360 replay`: rebuild every profile from the raw event log (after a rule change, or to check).</summary>
internal static class ReplayCommand
{
    public static Command Create()
    {
        var command = new Command("replay", "Rebuild the projection (profiles, timeline, search) from the raw event log");
        command.SetAction(async (parse, ct) =>
        {
            await using var local = await LocalStore.OpenAsync(parse.GetValue(CliOptions.Db)!, ct);
            ReplayProgress result = null!;
            await AnsiConsole.Progress().AutoClear(false).StartAsync(async ctx =>
            {
                var task = ctx.AddTask("Replaying events", maxValue: 1);
                var progress = new Progress<ReplayProgress>(p =>
                {
                    task.MaxValue = Math.Max(p.Total, 1);
                    task.Value = p.Done;
                });
                result = await local.Replay.ReplayAsync(progress, ct);
                task.MaxValue = Math.Max(result.Total, 1);
                task.Value = task.MaxValue;
            });
            AnsiConsole.MarkupLineInterpolated($"Replayed [green]{result.Done}[/] events; {result.NowRejected} no longer pass the current rules (kept in the raw log)");
            return 0;
        });
        return command;
    }
}
