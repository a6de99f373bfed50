namespace Customer360.Core.Storage.Sqlite;

public sealed class SqliteOptions
{
    /// <summary>The database file; a plain SQLite file a user can open with sqlite3.</summary>
    public string Path { get; set; } = DefaultPath;

    public static string DefaultPath => System.IO.Path.Combine(
        Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".customer360", "customer360.db");
}
