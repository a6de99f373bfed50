using System.CommandLine;
using Customer360.Core.Storage.Sqlite;

namespace Customer360.Cli.Commands;

/// <summary>Options every command shares.</summary>
internal static class CliOptions
{
    public static readonly Option<string> Db = new("--db")
    {
        Description = "SQLite database file (default ~/.customer360/customer360.db, or C360_DB_PATH)",
        Recursive = true,
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("C360_DB_PATH") is { Length: > 0 } p ? p : SqliteOptions.DefaultPath,
    };
}
