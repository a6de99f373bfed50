using System.Text.Json;

namespace Customer360.BrowserTests;

/// <summary>The open customer page follows the SSE stream: new events show up without a reload.</summary>
[Collection(BrowserTestGroup.Name)]
public sealed class LiveUpdateTests(BrowserFixture fixture)
{
    private const string Hostile = "<img src=x onerror=\"window.__xss=1\"><script>window.__xss=1</script>";

    [Fact]
    public async Task Publishing_an_event_updates_the_open_page_within_a_second_without_reload()
    {
        var customer = "live_" + Guid.NewGuid().ToString("N")[..8];
        await fixture.PublishAsync(Purchase(customer, "ord_1", 10m));

        var page = await fixture.NewPageAsync();
        await page.GotoAsync($"/#/customers/{customer}");
        await Expect(page.Locator(".profile [data-field='lifetimeValue']")).ToHaveTextAsync("10.00");
        // The stream is connected and has delivered its first profile: later commits will be pushed.
        await Expect(page.Locator(".live")).ToHaveAttributeAsync("data-state", "live");
        await Expect(page.Locator(".live")).ToContainTextAsync("Last update");
        await page.EvaluateAsync("() => { window.__samePage = true; }");

        var ticket = JsonSerializer.Serialize(new
        {
            customer_id = customer,
            event_type = "support_ticket",
            timestamp = 1734300000,
            source_service = "support",
            data = new { ticket_id = "T-1", title = Hostile, description = "Says: " + Hostile, important = true },
        });
        await fixture.PublishAsync($"[{Purchase(customer, "ord_2", 5.5m)},{ticket}]");

        await Expect(page.Locator(".profile [data-field='lifetimeValue']")).ToHaveTextAsync("15.50", new() { Timeout = 1000 });
        await Expect(page.Locator(".profile [data-field='events']")).ToHaveTextAsync("3");
        var events = page.Locator("#panel-timeline li.event");
        await Expect(events).ToHaveCountAsync(3);
        await Expect(page.GetByRole(AriaRole.Tab, new() { Name = "Knowledge (1)" })).ToBeVisibleAsync();

        // Hostile producer text is shown as text, never run or parsed as markup.
        await Expect(events.Locator("h3", new() { HasText = "<img src=x" })).ToHaveTextAsync(Hostile);
        await Expect(page.Locator("#panel-timeline .new").First).ToBeVisibleAsync();
        await Expect(page.Locator("main img, main script")).ToHaveCountAsync(0);
        Assert.True(await page.EvaluateAsync<bool>("() => window.__xss === undefined"), "event text was executed");
        Assert.True(await page.EvaluateAsync<bool>("() => window.__samePage === true"), "the page reloaded");
        await BrowserFixture.ScreenshotAsync(page, "05-live-update");

        // Search snippets carry the same text: shown as text too.
        await page.GotoAsync("/#/?q=onerror");
        var hit = page.Locator("#results li", new() { HasText = customer });
        await Expect(hit.Locator(".snippet")).ToContainTextAsync("<img src=x");
        await Expect(page.Locator("main img, main script")).ToHaveCountAsync(0);
        Assert.True(await page.EvaluateAsync<bool>("() => window.__xss === undefined"), "search snippet was executed");
    }

    private static string Purchase(string customer, string order, decimal total) => JsonSerializer.Serialize(new
    {
        customer_id = customer,
        event_type = "purchase",
        timestamp = 1734200000,
        source_service = "shop",
        data = new { purchase_id = order, product_name = "Widget " + order, total },
    });
}
