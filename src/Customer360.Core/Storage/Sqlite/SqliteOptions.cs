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
    /// change again soon, but a larger WAL (up to what is written in one interval) for readers to search. 1 s (it was
    /// 0.5 s): store harness, 300k telecom events in batches of 20k, 5 rounds each: 67-71k events/s at 0.5 s,
    /// 73-78k at 1 s, 69-74k at 2 s.
    /// </summary>
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Profiles the writer keeps after a batch so the next one need not read them back. 10,000 (5,000 before): a stream
    /// over 10,000 customers (the Kafka bench) missed on every event with an LRU smaller than that and went from 24-27k
    /// to 31-35k events/s end to end with it. Over many more customers few profiles repeat and the cache only costs
    /// memory: draining 2M events over 200k customers took the same time with 5,000 and 20,000 (175 / 176 s), and
    /// peaked at 261 MB against 324 MB (bench/README.md). Storage:SqliteProfileCacheSize sets it.
    /// </summary>
    public int ProfileCacheSize { get; set; } = 10_000;

    /// <summary>
    /// The writer's SQLite page cache in MiB (PRAGMA cache_size). It is most of the native memory a drain takes: on a
    /// Kafka backlog the malloc arenas held ~115 MB at 64, ~80 MB at 32 and ~64 MB at 16. 32 (64 before):
    /// - the 10M mixed drain through Kafka (1M customers, other settings alike) peaked at 289 MB against 318 MB, in
    ///   975 s against 1,013 s: its working set fits neither size;
    /// - `c360 import` of 500k telecom events (10k customers) took 6.6-6.7 s against 6.8-7.1 s, at 160-168 MB
    ///   instead of 194-203: everything fits in 32;
    /// - between the two, 2M mixed events over 200k customers, the larger cache helps: 100-106 s at 64, 106-117 s at
    ///   32, 112-118 s at 16.
    /// (bench/README.md, fourteenth session.) Storage:SqliteCacheMb sets it.
    /// </summary>
    public int CacheMb { get; set; } = 32;

    public static string DefaultPath => System.IO.Path.Combine(
        Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".customer360", "customer360.db");
}
