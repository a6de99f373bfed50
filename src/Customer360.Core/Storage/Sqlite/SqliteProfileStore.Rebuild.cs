namespace Customer360.Core.Storage.Sqlite;

/// <summary>
/// A rebuild excludes the live batches of every process on the file (`c360 replay` beside a running server):
/// through an advisory lock on a file beside the database (`*.db-rebuild`), held exclusively by the rebuild and
/// shared by each live batch for its transaction. Without it a batch written by another process between two
/// replay batches was projected twice: once live, once when the replay read the log past it.
/// In this process the WriteGate already keeps live batches out; the rebuild's own ReprojectAsync and
/// ResetProjectionAsync take no lock.
/// </summary>
public sealed partial class SqliteProfileStore
{
    private static readonly TimeSpan RebuildLockPoll = TimeSpan.FromMilliseconds(50);

    private string RebuildLockPath => DatabasePath + "-rebuild";

    public async Task<IAsyncDisposable> EnterRebuildAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            // Exclusive: granted between two batches of the other processes, and holds their next ones back.
            if (TryLockRebuildFile(FileShare.None) is { } held)
            {
                return new RebuildLock(held);
            }

            await Task.Delay(RebuildLockPoll, cancellationToken);
        }
    }

    /// <summary>Held (shared) by a live batch for its transaction; waits while another process rebuilds.</summary>
    private FileStream EnterLiveBatch()
    {
        while (true)
        {
            if (TryLockRebuildFile(FileShare.ReadWrite) is { } shared)
            {
                return shared;
            }

            Thread.Sleep(RebuildLockPoll); // under the write lock, which every writer of this process waits for anyway
        }
    }

    private FileStream? TryLockRebuildFile(FileShare share)
    {
        try
        {
            // .NET takes flock(LOCK_EX or LOCK_SH, non-blocking) on Unix for FileShare.None or otherwise.
            return new FileStream(RebuildLockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, share, bufferSize: 1);
        }
        catch (IOException ex) when (IsLockConflict(ex))
        {
            return null;
        }
    }

    // EWOULDBLOCK (Linux 11, macOS 35), or Windows' sharing / lock violation.
    private static bool IsLockConflict(IOException ex) => ex.HResult is 11 or 35 or unchecked((int)0x80070020) or unchecked((int)0x80070021);

    private sealed class RebuildLock(FileStream held) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => held.DisposeAsync();
    }
}
