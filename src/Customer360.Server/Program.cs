namespace Customer360.Server;

/// <summary>Entry point of the server alone (the CLI's `c360 serve` builds the same app); tests host it through WebApplicationFactory.</summary>
public sealed class Program
{
    public static async Task<int> Main(string[] args)
    {
        var app = CustomerApp.Build(args);
        await app.RunAsync();
        return CustomerApp.BackgroundFailure(app) is null ? 0 : 1;
    }
}
