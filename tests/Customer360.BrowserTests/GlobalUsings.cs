global using Customer360.BrowserTests.Infrastructure;
global using Microsoft.Playwright;
global using Xunit;
global using static Microsoft.Playwright.Assertions;
