using System.CommandLine;
using System.Text;
using Customer360.Core.Ingestion;
using Customer360.Core.Storage.Audit;
using Spectre.Console;

namespace Customer360.Cli.Commands;

/// <summary>`c360 dead-letters list|retry|delete`: look at bad events, fix and retry them, or drop them.</summary>
internal static class DeadLettersCommand
{
    public static Command Create()
    {
        var command = new Command("dead-letters", "Events that were rejected, with their reason and raw bytes");

        var limit = new Option<int>("--limit") { Description = "How many, newest first", DefaultValueFactory = _ => 50 };
        var list = new Command("list", "List dead letters") { limit };
        list.SetAction(async (parse, ct) =>
        {
            await using var local = await LocalStore.OpenAsync(parse.GetValue(CliOptions.Db)!, ct);
            var letters = await local.Store.ListDeadLettersAsync(parse.GetValue(limit), null, ct);
            var table = new Table().AddColumns("Id", "Received", "Origin", "Reason", "Raw");
            foreach (var d in letters)
            {
                var raw = Encoding.UTF8.GetString(d.Raw);
                table.AddRow(d.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), d.ReceivedAt.ToString("u"),
                    Markup.Escape(d.Origin), Markup.Escape(d.Reason), Markup.Escape(raw.Length > 80 ? raw[..80] + "…" : raw));
            }

            AnsiConsole.Write(table);
            AnsiConsole.MarkupLineInterpolated($"{letters.Count} dead letter(s) shown");
            return 0;
        });

        var id = new Argument<long>("id") { Description = "Dead letter id" };
        var body = new Option<FileInfo?>("--body") { Description = "A corrected event body (file) to retry instead of the stored bytes" };
        var retry = new Command("retry", "Retry a dead letter, as stored or with a corrected body") { id, body };
        retry.SetAction(async (parse, ct) =>
        {
            await using var local = await LocalStore.OpenAsync(parse.GetValue(CliOptions.Db)!, ct);
            var corrected = parse.GetValue(body) is { } file ? await File.ReadAllBytesAsync(file.FullName, ct) : null;
            var result = await local.DeadLetters.RetryAsync(parse.GetValue(id), corrected, ct);
            if (!result.Found)
            {
                AnsiConsole.MarkupLine("[red]No such dead letter[/]");
                return 2;
            }

            var o = result.Outcome!.Value;
            await local.Store.AppendAuditAsync(AuditEntry.Create(AuditActions.Cli, AuditActions.NoTenant, AuditActions.DeadLetterRetry,
                parse.GetValue(id).ToString(System.Globalization.CultureInfo.InvariantCulture), new { status = o.Status.ToString().ToLowerInvariant(), eventId = o.EventId }), ct);
            if (o.Status == IngestStatus.Rejected)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]Still rejected:[/] {o.Reason}");
                return 1;
            }

            AnsiConsole.MarkupLineInterpolated($"[green]{o.Status}[/]: event {o.EventId} for customer {o.CustomerId}; dead letter removed");
            return 0;
        });

        var deleteId = new Argument<long>("id") { Description = "Dead letter id" };
        var delete = new Command("delete", "Delete a dead letter") { deleteId };
        delete.SetAction(async (parse, ct) =>
        {
            await using var local = await LocalStore.OpenAsync(parse.GetValue(CliOptions.Db)!, ct);
            var deleted = await local.Store.DeleteDeadLetterAsync(parse.GetValue(deleteId), ct);
            if (deleted)
            {
                await local.Store.AppendAuditAsync(AuditEntry.Create(AuditActions.Cli, AuditActions.NoTenant, AuditActions.DeadLetterDelete,
                    parse.GetValue(deleteId).ToString(System.Globalization.CultureInfo.InvariantCulture)), ct);
            }
            AnsiConsole.MarkupLine(deleted ? "Deleted" : "[red]No such dead letter[/]");
            return deleted ? 0 : 2;
        });

        command.Subcommands.Add(list);
        command.Subcommands.Add(retry);
        command.Subcommands.Add(delete);
        return command;
    }
}
