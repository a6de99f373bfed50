namespace Customer360.IntegrationTests.Infrastructure;

/// <summary>Bounded polling: tests wait for a condition, never for a fixed time.</summary>
public static class Poll
{
    public static async Task<T> UntilAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan? timeout = null, string? what = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        T last = default!;
        Exception? lastError = null;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                last = await probe();
                if (done(last))
                {
                    return last;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException or TaskCanceledException or InvalidOperationException)
            {
                lastError = ex;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"Timed out waiting for {what ?? "condition"}; last value: {last}; last error: {lastError?.Message}");
    }

    public static Task UntilAsync(Func<Task<bool>> probe, TimeSpan? timeout = null, string? what = null) =>
        UntilAsync(probe, x => x, timeout, what);
}
