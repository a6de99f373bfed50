namespace Customer360.Core.Storage.Sqlite;

public sealed class SqliteOptions
{
    /// <summary>The database file; a plain SQLite file a user can open with sqlite3.</summary>
    public string Path { get; set; } = DefaultPath;

    /// <summary>
    /// After an erase, rewrite the file (VACUUM): the only way to drop stale copies of the erased rows that page
    /// splits leave in unused page space. Costs a full copy of the file; turn off to batch erasures and VACUUM later.
    /// </summary>
    public bool VacuumOnErase { get; set; } = true;

    /// <summary>
    /// How often the background checkpointer copies the WAL into the file. Longer: fewer copies of pages that
    /// change again soon, but a larger WAL (up to what is written in one interval) for readers to search.
    /// </summary>
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Profiles the writer keeps after a batch so the next one need not read them back. 5,000 (it was 20,000): on
    /// a 40k-customer stream the write rate was the same within noise, and a 300k-customer import peaked at
    /// 238-249 MB instead of 305 MB (bench/README.md); over a million customers few profiles repeat within 20,000 anyway.
    /// </summary>
    public int ProfileCacheSize { get; set; } = 5_000;

    public static string DefaultPath => System.IO.Path.Combine(
        Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".customer360", "customer360.db");
}
