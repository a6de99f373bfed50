using Customer360.IntegrationTests.Infrastructure;

namespace Customer360.IntegrationTests.Nats;

/// <summary>Runs a producer script from clients/ with node, resolving the npm packages installed in the source tree.</summary>
public static class NodeClient
{
    public static Task<string> RunAsync(string script, params string[] args) =>
        ExternalProcess.RunAsync("node", [Path.Combine(AppContext.BaseDirectory, "clients", script), .. args],
            new Dictionary<string, string?> { ["NODE_PATH"] = FindNodeModules() }, TimeSpan.FromSeconds(60));

    private static string FindNodeModules()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "Customer360.IntegrationTests", "clients", "node_modules");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("clients/node_modules not found: run scripts/install-prerequisites.sh");
    }
}
