using System.CommandLine;
using Customer360.Core.Storage.Postgres;
using Customer360.Core.Storage.Sqlite;
using Spectre.Console;

namespace Customer360.Cli.Commands;

/// <summary>
/// `c360 migrate`: creates or upgrades the configured store's schema and exits. Every instance also migrates on
/// start (safely, even N at once); this is for doing it ahead of a rollout, or with a more privileged role.
/// </summary>
internal static class MigrateCommand
{
    public static Command Create()
    {
        var provider = new Option<string?>("--provider") { Description = "sqlite or postgres (default: Storage:Provider / Storage__Provider, else sqlite)" };
        var connection = new Option<string?>("--connection-string") { Description = "PostgreSQL connection string (default: Storage:ConnectionString / Storage__ConnectionString)" };
        var command = new Command("migrate", "Create or upgrade the store's schema (SQLite file or PostgreSQL database)") { provider, connection };
        command.SetAction(async (parse, ct) =>
        {
            var settings = new Dictionary<string, string?>();
            if (parse.GetValue(provider) is { } p)
            {
                settings["Storage:Provider"] = p;
            }

            if (parse.GetValue(connection) is { } cs)
            {
                settings["Storage:ConnectionString"] = cs;
            }

            await using var local = await LocalStore.OpenAsync(parse.GetValue(CliOptions.Db)!, ct, settings);
            var message = local.Store switch
            {
                PostgresProfileStore pg => $"PostgreSQL schema is at version {pg.SchemaVersion}",
                SqliteProfileStore sqlite => $"SQLite schema is up to date ({sqlite.DatabasePath})",
                _ => "Schema is up to date",
            };
            AnsiConsole.MarkupLineInterpolated($"[green]{message}[/]");
            return 0;
        });
        return command;
    }
}
