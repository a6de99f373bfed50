using System.Collections.Concurrent;
using Customer360.Core.Storage;
using Customer360.Core.Storage.Audit;

namespace Customer360.Server.Api;

/// <summary>
/// Records API-key use in the audit log without a row per request: a key's first use in this process, then
/// again once an hour has passed since its last entry; rejected attempts (missing, unknown, wrong tenant) at
/// most once a minute per client address, the entry counting the attempts folded into the previous one.
/// Windows start at the event, not on the clock, so two requests a second apart never split across one.
/// </summary>
public sealed partial class ApiKeyAudit(IProfileStore store, ILogger<ApiKeyAudit> logger, TimeProvider time)
{
    public static readonly TimeSpan UseInterval = TimeSpan.FromHours(1);
    public static readonly TimeSpan RejectionInterval = TimeSpan.FromMinutes(1);
    private const int MaxTrackedAddresses = 10_000;

    private readonly ConcurrentDictionary<string, DateTimeOffset> _lastUse = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Window> _rejections = new(StringComparer.Ordinal);

    public async Task KeyUsedAsync(HttpContext http, string keyName, string keyTenant)
    {
        var now = time.GetUtcNow();
        var last = _lastUse.GetOrAdd(keyName, DateTimeOffset.MinValue);
        if (now - last < UseInterval || !_lastUse.TryUpdate(keyName, now, last))
        {
            return; // recorded within the hour, or a concurrent request is recording it
        }

        await AppendAsync(AuditEntry.Create(keyName, keyTenant, AuditActions.ApiKeyUse, keyName,
            new { method = http.Request.Method, path = http.Request.Path.Value, remote = Remote(http) }), http.RequestAborted);
    }

    public async Task KeyRejectedAsync(HttpContext http, string reason, string? keyName = null)
    {
        var address = Remote(http);
        if (_rejections.Count > MaxTrackedAddresses)
        {
            _rejections.Clear(); // bounded memory under a flood from many addresses; worst case a few more rows
        }

        var window = _rejections.GetOrAdd(address, _ => new Window());
        var now = time.GetUtcNow();
        int folded;
        lock (window)
        {
            if (now - window.Start < RejectionInterval)
            {
                window.Folded++;
                return;
            }

            folded = window.Folded;
            window.Start = now;
            window.Folded = 0;
        }

        await AppendAsync(AuditEntry.Create(keyName ?? AuditActions.Anonymous, AuditActions.NoTenant, AuditActions.ApiKeyRejected, address,
            new { reason, method = http.Request.Method, path = http.Request.Path.Value, earlierAttemptsNotRecorded = folded }), http.RequestAborted);
    }

    /// <summary>A failing store must not turn every request into a 500: the use is logged instead.</summary>
    private async Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        try
        {
            await store.AppendAuditAsync(entry, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            AuditFailed(logger, entry.Action, entry.Actor, ex);
        }
    }

    private static string Remote(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not record {Action} by {Actor} in the audit log")]
    private static partial void AuditFailed(ILogger logger, string action, string actor, Exception exception);

    private sealed class Window
    {
        public DateTimeOffset Start { get; set; } = DateTimeOffset.MinValue;
        public int Folded { get; set; }
    }
}
