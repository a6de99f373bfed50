using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Customer360.Server.Api;

/// <summary>One API key and the tenant it may see. `*` as tenant is an operator key: any tenant via X-Tenant-Id.</summary>
public sealed class ApiKeyOptions
{
    public string Key { get; set; } = "";
    public string Tenant { get; set; } = "";

    /// <summary>Who the key is in the audit log; default `{tenant}-key-` plus a fingerprint (never the key itself).</summary>
    public string? Name { get; set; }

    public string ActorName => Name is { Length: > 0 } name ? name
        : $"{Tenant}-key-{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Key)))[..8]}";
}

public sealed class AuthOptions
{
    public const string Section = "Auth";
    public const string AnyTenant = "*";

    /// <summary>When any key is configured every /api route needs X-Api-Key; with none, only loopback binding is allowed.</summary>
    public List<ApiKeyOptions> ApiKeys { get; set; } = [];

    public bool Enabled => ApiKeys.Count > 0;
}

/// <summary>
/// Enforces API keys on /api: the key decides the tenant (X-Tenant-Id may only repeat it), and the tenant
/// is pinned on the request so every route reads the same one. Keys are compared in constant time.
/// </summary>
public static class ApiKeyAuth
{
    public const string TenantItem = "c360.tenant";
    public const string PinnedItem = "c360.tenant-pinned";
    public const string ActorItem = "c360.actor";

    public static IApplicationBuilder UseApiKeys(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var options = context.RequestServices.GetRequiredService<IOptions<AuthOptions>>().Value;
        if (!options.Enabled || !context.Request.Path.StartsWithSegments("/api"))
        {
            await next(context);
            return;
        }

        var presented = context.Request.Headers["X-Api-Key"].ToString();
        var match = options.ApiKeys.FirstOrDefault(k => k.Key.Length > 0 && FixedTimeEquals(k.Key, presented));
        var audit = context.RequestServices.GetRequiredService<ApiKeyAudit>();
        if (match is null)
        {
            await audit.KeyRejectedAsync(context, presented.Length == 0 ? "missing key" : "unknown key");
            await CustomerApi.Error(StatusCodes.Status401Unauthorized, "missing or unknown X-Api-Key").ExecuteAsync(context);
            return;
        }

        var asked = context.Request.Headers["X-Tenant-Id"].ToString();
        if (match.Tenant != AuthOptions.AnyTenant)
        {
            if (asked.Length > 0 && asked != match.Tenant)
            {
                await audit.KeyRejectedAsync(context, "key is for another tenant", match.ActorName);
                await CustomerApi.Error(StatusCodes.Status403Forbidden, "this API key is not for that tenant").ExecuteAsync(context);
                return;
            }

            context.Items[TenantItem] = match.Tenant;
            context.Items[PinnedItem] = true;
        }

        context.Items[ActorItem] = match.ActorName;
        await audit.KeyUsedAsync(context, match.ActorName, match.Tenant);

        await next(context);
    });

    private static bool FixedTimeEquals(string expected, string presented) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(expected)), SHA256.HashData(Encoding.UTF8.GetBytes(presented)));

    /// <summary>With no API keys the API has no authentication: refuse to serve it beyond this machine.</summary>
    public static void RefuseOpenNetworkWithoutKeys(IEnumerable<string> urls, AuthOptions auth)
    {
        if (auth.Enabled)
        {
            return;
        }

        foreach (var url in urls)
        {
            var host = Uri.TryCreate(url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal), UriKind.Absolute, out var uri) ? uri.Host : url;
            var loopback = host is "localhost" or "[::1]" or "::1" || (System.Net.IPAddress.TryParse(host.Trim('[', ']'), out var ip) && System.Net.IPAddress.IsLoopback(ip));
            if (!loopback)
            {
                throw new InvalidOperationException(
                    $"Refusing to listen on {url} without API keys: configure Auth:ApiKeys (each bound to a tenant) or bind to 127.0.0.1.");
            }
        }
    }
}
