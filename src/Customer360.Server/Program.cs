using Customer360.Server;

var app = CustomerApp.Build(args);
await app.RunAsync();

/// <summary>Entry point; tests host it through WebApplicationFactory.</summary>
public partial class Program;
