namespace Customer360.Server;

/// <summary>Entry point of the server alone (the CLI's `c360 serve` builds the same app); tests host it through WebApplicationFactory.</summary>
public sealed class Program
{
    public static async Task Main(string[] args) => await CustomerApp.Build(args).RunAsync();
}
