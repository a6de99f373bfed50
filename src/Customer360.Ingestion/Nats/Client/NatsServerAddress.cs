namespace Customer360.Ingestion.Nats.Client;

/// <summary>A server URL: `nats://[user:pass@]host[:port]`, `host:port` or `host` (port 4222).</summary>
internal sealed record NatsServerAddress(string Host, int Port, string? User, string? Password)
{
    public static NatsServerAddress Parse(string url)
    {
        var text = url.Trim();
        if (!text.Contains("://", StringComparison.Ordinal))
        {
            text = "nats://" + text;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Host.Length == 0)
        {
            throw new ArgumentException($"invalid NATS server URL '{Redact(url)}'");
        }

        string? user = null, password = null;
        if (uri.UserInfo.Length > 0)
        {
            var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            user = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
            password = colon < 0 ? null : Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
        }

        return new NatsServerAddress(uri.Host, uri.Port > 0 ? uri.Port : 4222, user, password);
    }

    /// <summary>The URL without its password, for logs.</summary>
    public static string Redact(string url)
    {
        var at = url.LastIndexOf('@');
        var scheme = url.IndexOf("://", StringComparison.Ordinal);
        return at < 0 ? url : url[..(scheme < 0 ? 0 : scheme + 3)] + "***@" + url[(at + 1)..];
    }
}
