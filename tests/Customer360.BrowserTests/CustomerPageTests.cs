using System.Text.Json;
using System.Text.RegularExpressions;

namespace Customer360.BrowserTests;

/// <summary>Search, the profile card, the tabs and the timeline against the seed documents' sample customers.</summary>
[Collection(BrowserTestGroup.Name)]
public sealed class CustomerPageTests(BrowserFixture fixture)
{
    [Fact]
    public async Task Search_finds_a_seed_customer_whose_page_shows_the_contract_values_and_timeline()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/");
        await page.GetByLabel("Search customers").FillAsync("smith");
        var hit = page.Locator("#results a", new() { HasText = "John Smith" });
        await Expect(hit).ToBeVisibleAsync();
        await Expect(page.Locator("#results mark").First).ToHaveTextAsync("Smith");
        await BrowserFixture.ScreenshotAsync(page, "01-search");

        await hit.ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("John Smith");
        await Expect(Field(page, "lifetimeValue")).ToHaveTextAsync("299.99");
        await Expect(Field(page, "purchases")).ToHaveTextAsync("1");
        await Expect(Field(page, "workOrders")).ToHaveTextAsync("1");
        await Expect(Field(page, "knowledge")).ToHaveTextAsync("1");
        await Expect(Field(page, "email")).ToHaveTextAsync("john.smith@example.com");
        await Expect(Field(page, "customerSince")).ToHaveTextAsync("2024-12-14 00:00 UTC");

        var events = page.Locator("#panel-timeline li.event");
        await Expect(events).ToHaveCountAsync(3);
        await Expect(events.Locator("h3")).ToHaveTextAsync(["Work order WO-9999: repair", "Product not working", "Purchase: Wireless Headphones Pro"]);
        await BrowserFixture.ScreenshotAsync(page, "02-profile", fullPage: false);
        await BrowserFixture.ScreenshotAsync(page, "03-timeline");

        await page.GetByLabel("Event type").SelectOptionAsync("purchase");
        await Expect(events).ToHaveCountAsync(1);
        await Expect(events.Locator("h3")).ToHaveTextAsync("Purchase: Wireless Headphones Pro");

        await page.GetByRole(AriaRole.Tab, new() { Name = "Purchases (1)" }).ClickAsync();
        await Expect(page.Locator("#panel-purchases tbody tr")).ToHaveCountAsync(1);
        await Expect(page.Locator("#panel-purchases tbody tr")).ToContainTextAsync("Wireless Headphones Pro");

        // Keyboard: arrow keys move along the tabs and show their panels.
        await page.Keyboard.PressAsync("ArrowRight");
        await Expect(page.GetByRole(AriaRole.Tab, new() { Name = "Work orders (1)" })).ToBeFocusedAsync();
        await Expect(page.Locator("#panel-work-orders")).ToContainTextAsync("WO-9999");
        await page.Keyboard.PressAsync("ArrowRight");
        await Expect(page.Locator("#panel-knowledge")).ToContainTextAsync("Bluetooth pairing is inconsistent");
        await page.Keyboard.PressAsync("ArrowRight");
        await Expect(page.Locator("#panel-context h3")).ToHaveTextAsync("Customer John Smith");
        await BrowserFixture.ScreenshotAsync(page, "04-context");
    }

    [Fact]
    public async Task Switching_tenant_shows_that_tenants_customer_with_loyalty_and_contact_changes()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/");
        await SwitchTenantAsync(page, "org_001");
        await page.GetByLabel("Search customers").FillAsync("new.email@example.com");
        await page.Locator("#results a", new() { HasText = "cust_123" }).ClickAsync();

        await Expect(page.Locator(".subtitle")).ToHaveTextAsync("Customer cust_123 · tenant org_001");
        await Expect(Field(page, "loyalty.pointsBalance")).ToHaveTextAsync("450");
        await Expect(Field(page, "loyalty.tier")).ToHaveTextAsync("gold");
        await Expect(Field(page, "phone")).ToHaveTextAsync("+507 6111-1111");
        await Expect(Field(page, "customerType")).ToHaveTextAsync("b2c");
        await Expect(page.Locator("#panel-timeline li.event")).ToHaveCountAsync(5);
    }

    [Fact]
    public async Task Credit_line_with_its_alert_and_a_merged_alias_with_consent_show_in_their_tenants()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/");
        await SwitchTenantAsync(page, "org_001");
        await page.GotoAsync("/#/customers/cust_456");
        await Expect(Field(page, "credit.limit")).ToHaveTextAsync("10,000.00");
        await Expect(Field(page, "credit.available")).ToHaveTextAsync("5,000.00");
        await Expect(Field(page, "credit.paymentTermDays")).ToHaveTextAsync("30 days");
        await Expect(page.Locator(".profile .alerts li")).ToHaveTextAsync(
            "Alert: limit_exceeded on 2025-11-24 16:00 UTC: attempted 6,000.00, available 5,000.00, short 1,000.00");
        await Expect(Field(page, "credit.usage.usage_001")).ToContainTextAsync("due 2025-12-24");
        await BrowserFixture.ScreenshotAsync(page, "10-credit", fullPage: false);

        await SwitchTenantAsync(page, "tenant-001");
        await page.GotoAsync("/#/customers/CUST-OLD");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Acme Corp");
        await Expect(page.Locator(".subtitle")).ToContainTextAsync("you opened CUST-OLD, merged into this record");
        await Expect(Field(page, "consent.EMAIL")).ToHaveTextAsync("GRANTED since 2026-02-02 10:30 UTC");
        await Expect(page.Locator(".profile .identifiers")).ToContainTextAsync("alias: CUST-OLD");
        await Expect(Field(page, "segment")).ToHaveTextAsync("ENTERPRISE");
    }

    [Fact]
    public async Task Customer_page_fits_a_390px_phone_screen_without_sideways_scrolling()
    {
        var page = await fixture.NewPageAsync(width: 390, height: 844);
        await page.GotoAsync("/");
        await Expect(page.Locator("#results a", new() { HasText = "John Smith" })).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "07-phone-search");

        await page.GotoAsync("/#/customers/1234567890");
        await Expect(Field(page, "usage.dataUsageMb")).ToHaveTextAsync("2,501 MB");
        await Expect(Field(page, "usage.recharges")).ToHaveTextAsync("2 totalling 100.00");
        await Expect(page.Locator("#panel-timeline li.event")).ToHaveCountAsync(7);
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"),
            "the page scrolls sideways at 390px");
        await BrowserFixture.ScreenshotAsync(page, "08-phone-profile");
    }

    [Fact]
    public async Task Timeline_pages_back_to_older_events_and_filters_by_type()
    {
        var customer = "pages_" + Guid.NewGuid().ToString("N")[..8];
        var events = Enumerable.Range(0, 25).Select(i => JsonSerializer.Serialize(new
        {
            customer_id = customer,
            event_type = i == 3 ? "note" : "contact",
            timestamp = 1734000000 + (i * 60),
            source_service = "crm",
            data = new { title = $"Call {i:00}" },
        }));
        await fixture.PublishAsync("[" + string.Join(',', events) + "]");

        var page = await fixture.NewPageAsync();
        await page.GotoAsync($"/#/customers/{customer}");
        var titles = page.Locator("#panel-timeline li.event h3");
        await Expect(titles).ToHaveCountAsync(20);
        await Expect(titles.First).ToHaveTextAsync("Call 24");
        await page.GetByRole(AriaRole.Button, new() { Name = "Load older events" }).ClickAsync();
        await Expect(titles).ToHaveCountAsync(25);
        await Expect(titles.Last).ToHaveTextAsync("Call 00");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Load older events" })).ToBeHiddenAsync();

        await page.GetByLabel("Event type").SelectOptionAsync("note");
        await Expect(titles).ToHaveTextAsync(["Call 03"]);
    }

    [Fact]
    public async Task Unknown_customer_says_so_and_suggests_switching_tenant()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/#/customers/cust_456");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Customer not found");
        await Expect(page.Locator(".notice")).ToContainTextAsync(new Regex("no customer “cust_456” in tenant default"));
    }

    private static async Task SwitchTenantAsync(IPage page, string tenant)
    {
        await page.GetByLabel("Tenant").FillAsync(tenant);
        await page.GetByRole(AriaRole.Button, new() { Name = "Switch" }).ClickAsync();
        await Expect(page.Locator("#search-help")).ToContainTextAsync($"in tenant {tenant}.");
    }

    private static ILocator Field(IPage page, string name) => page.Locator($".profile [data-field='{name}']");
}
