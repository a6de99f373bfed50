using System.Text.Json;
using Customer360.Tests.Fuzz;

namespace Customer360.BrowserTests;

/// <summary>
/// The fuzz suite's injection strings in every place the page shows producer text (name, email, timeline title
/// and description, a dead letter's raw text and reason): shown as text, no element injected, no dialog fired.
/// </summary>
[Collection(BrowserTestGroup.Name)]
public sealed class HostileTextPageTests(BrowserFixture fixture)
{
    // Anything the injection strings would add to the page if parsed as markup.
    private const string Injected = "main img, main script, main svg, main iframe, main [onerror], main [onload], main [onmouseover]";

    private static readonly string Name = string.Join(" ", HostileStrings.Injections.Take(4));
    private static readonly string Email = "\"><img src=x onerror=alert(1)>@x.example";

    private int _dialogs;

    [Fact]
    public async Task Injection_strings_in_profile_timeline_and_dead_letters_render_as_text()
    {
        var customer = "xss_" + Guid.NewGuid().ToString("N")[..8];
        var events = HostileStrings.Injections.Select((s, i) => JsonSerializer.Serialize(new
        {
            event_id = $"{customer}-{i}",
            customer_id = customer,
            event_type = "support_ticket",
            timestamp = 1734300000 + i,
            source_service = "support",
            data = new { title = s, description = "Says: " + s, customer_name = Name, email = Email },
        }));
        var first = JsonSerializer.Serialize(new
        {
            event_id = customer + "-p",
            customer_id = customer,
            event_type = "purchase",
            timestamp = 1734200000,
            source_service = "shop",
            data = new { purchase_id = "o1", product_name = "<b>bold</b>", total = 1, customer_name = Name, email = Email },
        });
        var answer = await fixture.PublishAsync($"[{first},{string.Join(",", events)}]");
        Assert.Equal(HostileStrings.Injections.Length + 1, answer.GetProperty("accepted").GetInt32());

        var page = await NewWatchedPageAsync();
        await page.GotoAsync($"/#/customers/{customer}");
        await Expect(page.Locator(".profile [data-field='name']")).ToHaveTextAsync(Name);
        await Expect(page.Locator(".profile [data-field='email']")).ToHaveTextAsync(Email);
        var titles = page.Locator("#panel-timeline li.event h3");
        await Expect(titles).ToHaveCountAsync(HostileStrings.Injections.Length + 1);
        foreach (var s in HostileStrings.Injections.Where(s => !s.Any(char.IsControl)))
        {
            var item = page.Locator("#panel-timeline li.event", new() { HasText = "Says: " + s });
            await Expect(item.Locator("h3")).ToHaveTextAsync(s);
        }

        await AssertNothingInjectedAsync(page);

        // A dead letter whose raw text and reason both carry markup.
        var bad = $"{{\"customer_id\":\"{customer}\",\"event_type\":\"note\",\"source_service\":\"crm\",\"timestamp\":\"<img src=x onerror=alert(1)>\",\"data\":{{\"note\":\"<script>window.__xss=1</script>\"}}}}";
        var rejected = await fixture.PublishAsync(bad);
        var id = rejected.GetProperty("rejected")[0].GetProperty("deadLetterId").GetInt64();
        await page.GotoAsync("/#/dead-letters");
        var letter = page.Locator($"li.letter[data-id='{id}']");
        await Expect(letter.Locator(".reason")).ToContainTextAsync("unparseable timestamp \"<img src=x onerror=alert(1)>\"");
        await Expect(letter.GetByLabel("Raw event")).ToHaveValueAsync(bad);
        await AssertNothingInjectedAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "10-hostile-text");
    }

    private async Task<IPage> NewWatchedPageAsync()
    {
        var page = await fixture.NewPageAsync();
        page.Dialog += async (_, dialog) =>
        {
            Interlocked.Increment(ref _dialogs);
            await dialog.DismissAsync();
        };
        return page;
    }

    private async Task AssertNothingInjectedAsync(IPage page)
    {
        await Expect(page.Locator(Injected)).ToHaveCountAsync(0);
        Assert.True(await page.EvaluateAsync<bool>("() => window.__xss === undefined"), "producer text was executed");
        Assert.Equal(0, _dialogs);
    }
}
