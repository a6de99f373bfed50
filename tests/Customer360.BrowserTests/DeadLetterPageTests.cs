using System.Net;
using System.Text.Json;

namespace Customer360.BrowserTests;

/// <summary>Dead letters in the page: read the reason, correct the raw text, retry; delete; and the stats view.</summary>
[Collection(BrowserTestGroup.Name)]
public sealed class DeadLetterPageTests(BrowserFixture fixture)
{
    [Fact]
    public async Task A_dead_letter_corrected_in_the_page_and_retried_shows_on_its_customer()
    {
        var customer = "dl_" + Guid.NewGuid().ToString("N")[..8];
        var bad = Note(customer, "\"yesterday\"");
        var answer = await fixture.PublishAsync(bad);
        var id = answer.GetProperty("rejected")[0].GetProperty("deadLetterId").GetInt64();

        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/#/dead-letters");
        var letter = page.Locator($"li.letter[data-id='{id}']");
        await Expect(letter.Locator(".reason")).ToContainTextAsync("unparseable timestamp \"yesterday\"");
        var raw = letter.GetByLabel("Raw event");
        await Expect(raw).ToHaveValueAsync(bad);
        await BrowserFixture.ScreenshotAsync(page, "06-dead-letters");

        // Retried unchanged it is still rejected, and the page says why.
        await letter.GetByRole(AriaRole.Button, new() { Name = "Retry" }).ClickAsync();
        await Expect(letter.Locator(".result")).ToContainTextAsync("Still rejected: customeriq: unparseable timestamp");

        await raw.FillAsync(Note(customer, "1734134400"));
        await letter.GetByRole(AriaRole.Button, new() { Name = "Retry" }).ClickAsync();
        await Expect(page.Locator("#dl-status")).ToHaveTextAsync($"Dead letter {id} was retried: accepted for customer {customer}.");
        await Expect(letter).ToHaveCountAsync(0);

        await page.Locator("#dl-status").GetByRole(AriaRole.Link, new() { Name = customer }).ClickAsync();
        await Expect(page.Locator("#panel-timeline li.event h3")).ToHaveTextAsync("Callback preference");
        await Expect(page.Locator(".profile [data-field='knowledge']")).ToHaveTextAsync("1");
    }

    [Fact]
    public async Task A_dead_letter_can_be_deleted_after_confirming()
    {
        var answer = await fixture.PublishAsync("{\"not\": \"an event\"");
        var id = answer.GetProperty("rejected")[0].GetProperty("deadLetterId").GetInt64();

        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/#/dead-letters");
        var letter = page.Locator($"li.letter[data-id='{id}']");
        await letter.GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await letter.GetByRole(AriaRole.Button, new() { Name = $"Yes, delete dead letter {id}" }).ClickAsync();
        await Expect(page.Locator("#dl-status")).ToHaveTextAsync($"Dead letter {id} deleted.");
        await Expect(letter).ToHaveCountAsync(0);

        using var response = await fixture.Service.Http.GetAsync($"/api/dead-letters/{id}");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Stats_view_counts_events_per_source_dialect_and_type()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/#/stats");
        var dialects = page.GetByRole(AriaRole.Table, new() { Name = "Events by dialect" });
        await Expect(dialects.Locator("tbody tr", new() { HasText = "customer-service" })).ToContainTextAsync("8");
        await Expect(page.GetByRole(AriaRole.Table, new() { Name = "Events by source" })).ToContainTextAsync("file");
        await Expect(page.GetByRole(AriaRole.Table, new() { Name = "Events by type" })).ToContainTextAsync("loyalty.tier.upgraded");
        await Expect(page.Locator("[data-field='customers']")).Not.ToHaveTextAsync("0");
        await BrowserFixture.ScreenshotAsync(page, "09-stats");
    }

    private static string Note(string customer, string timestamp) =>
        $"{{\"customer_id\":\"{customer}\",\"event_type\":\"note\",\"source_service\":\"crm\",\"timestamp\":{timestamp}," +
        "\"data\":{\"title\":\"Callback preference\",\"note\":\"Prefers a call after 5pm\"}}";
}
