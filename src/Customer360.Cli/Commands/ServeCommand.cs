using System.CommandLine;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Configuration;
using Customer360.Server;

namespace Customer360.Cli.Commands;

/// <summary>`c360 serve`: the API, the page and every enabled source, on 127.0.0.1 by default.</summary>
internal static class ServeCommand
{
    public const string DefaultUrl = "http://127.0.0.1:8360";

    public static Command Create()
    {
        var urls = new Option<string>("--urls") { Description = "Listen address(es)", DefaultValueFactory = _ => DefaultUrl };
        var demo = new Option<bool>("--demo") { Description = "Load the seed documents' sample events at start (idempotent)" };
        var command = new Command("serve", "Run the Customer360 server: HTTP API, web page, broker sources") { urls, demo };
        command.SetAction(async (parse, ct) =>
        {
            var db = parse.GetValue(CliOptions.Db)!;
            var app = CustomerApp.Build(parse.UnmatchedTokens.ToArray(), builder =>
            {
                builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
                {
                    ["Storage:Path"] = db,
                    ["urls"] = parse.GetValue(urls),
                    ["Demo:LoadSamples"] = parse.GetValue(demo) ? "true" : builder.Configuration["Demo:LoadSamples"],
                });
            });
            app.Lifetime.ApplicationStarted.Register(() =>
            {
                foreach (var url in app.Urls)
                {
                    Console.WriteLine($"Customer360 is running at {url}  (database: {Path.GetFullPath(db)})");
                }
            });
            await app.StartAsync(ct);
            await app.WaitForShutdownAsync(ct);
            return CustomerApp.BackgroundFailure(app) is { } failure ? CliErrors.Report(failure, Console.Error) : 0;
        });
        return command;
    }
}
