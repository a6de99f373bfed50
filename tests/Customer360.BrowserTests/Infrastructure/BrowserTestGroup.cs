namespace Customer360.BrowserTests.Infrastructure;

/// <summary>All browser tests share one server and one Chromium: starting them is the slow part.</summary>
[CollectionDefinition(Name)]
public sealed class BrowserTestGroup : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
