using System.Globalization;
using Customer360.IntegrationTests.Infrastructure;

namespace Customer360.IntegrationTests.Faults;

/// <summary>
/// The directory the service's database lives in. As root it is a small tmpfs of its own, so the soak can fill it
/// (ENOSPC: SQLite answers SQLITE_FULL) and free it again. Without the right to mount, the directory is a plain temp
/// dir and <see cref="CanFill"/> is false (the soak reports the disk-full periods it could not run).
/// A read-only remount is not possible while the service holds the file open for writing (EBUSY), so a full
/// disk is the write failure the soak injects.
/// </summary>
public sealed class DbVolume : IAsyncDisposable
{
    private readonly bool _mounted;

    private DbVolume(string dir, bool mounted)
    {
        Directory = dir;
        _mounted = mounted;
    }

    public string Directory { get; }

    public string DbPath => Path.Combine(Directory, "customer360.db");

    public bool CanFill => _mounted;

    private string Filler => Path.Combine(Directory, "filler");

    public static async Task<DbVolume> CreateAsync(int sizeMiB)
    {
        var dir = System.IO.Directory.CreateTempSubdirectory("c360-soak-db-").FullName;
        if (Environment.UserName != "root")
        {
            return new DbVolume(dir, mounted: false);
        }

        try
        {
            await ExternalProcess.RunAsync("mount", ["-t", "tmpfs", "-o", $"size={sizeMiB.ToString(CultureInfo.InvariantCulture)}m", "tmpfs", dir]);
            return new DbVolume(dir, mounted: true);
        }
        catch (InvalidOperationException)
        {
            return new DbVolume(dir, mounted: false); // e.g. a container without CAP_SYS_ADMIN
        }
    }

    /// <summary>Takes every free byte (writes until ENOSPC): the next page SQLite needs (WAL growth, a new table page) fails.</summary>
    public async Task FillAsync()
    {
        await using var filler = new FileStream(Filler, FileMode.Append, FileAccess.Write, FileShare.None, 1, FileOptions.None);
        foreach (var size in new[] { 1 << 20, 4096 })
        {
            var chunk = new byte[size];
            try
            {
                while (true)
                {
                    await filler.WriteAsync(chunk);
                }
            }
            catch (IOException)
            {
                // full at this chunk size; then the last pages with a smaller one
            }
        }
    }

    public void Free() => File.Delete(Filler);

    public async ValueTask DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (_mounted)
        {
            await ExternalProcess.RunAsync("umount", ["-l", Directory]);
        }

        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // a temp dir left behind is harmless
        }
    }
}
