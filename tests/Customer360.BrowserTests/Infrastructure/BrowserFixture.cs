using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Customer360.IntegrationTests.Infrastructure;

namespace Customer360.BrowserTests.Infrastructure;

/// <summary>
/// One real `c360 serve --demo` (child process, free port, temp database) and one headless Debian Chromium
/// shared by the browser tests. Playwright drives /usr/bin/chromium; it never downloads a browser.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private static readonly string[] ChromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic",
    ];

    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private ServiceProcess? _service;

    public ServiceProcess Service => _service ?? throw new InvalidOperationException("fixture not started");
    public string BaseUrl => $"http://127.0.0.1:{Service.Port}";

    /// <summary>Screenshots are test artifacts: TestResults/screenshots under the test output.</summary>
    public static string ScreenshotDir { get; } = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots")).FullName;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"{ChromiumPath} is missing: install Debian's chromium (scripts/install-prerequisites.sh does).");
        }

        _service = await ServiceProcess.StartAsync(new Dictionary<string, string?> { ["Demo__LoadSamples"] = "true" });
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ChromiumArgs,
        });
    }

    /// <summary>A fresh browser context (own storage, so the tenant choice starts at `default`) and page.</summary>
    public async Task<IPage> NewPageAsync(int width = 1280, int height = 900)
    {
        var context = await _browser!.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl,
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = "en-US",
        });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(10_000);
        page.PageError += (_, error) => Log($"page error on {page.Url}: {error}");
        page.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning")
            {
                Log($"console {message.Type} on {page.Url}: {message.Text}");
            }
        };
        return page;
    }

    /// <summary>POST /api/events as a producer would; returns the 202 answer.</summary>
    public async Task<JsonElement> PublishAsync(string body, string? tenant = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/events") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (tenant is not null)
        {
            request.Headers.Add("X-Tenant-Id", tenant);
        }

        using var response = await Service.Http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>Browser errors go to TestResults/browser-console.log beside the screenshots.</summary>
    private static void Log(string line)
    {
        lock (ScreenshotDir)
        {
            File.AppendAllText(Path.Combine(ScreenshotDir, "..", "browser-console.log"), $"{DateTime.UtcNow:O} {line}\n");
        }
    }

    public static Task ScreenshotAsync(IPage page, string name, bool fullPage = true) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDir, name + ".png"), FullPage = fullPage });

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
        if (_service is not null)
        {
            await _service.DisposeAsync();
        }
    }
}
