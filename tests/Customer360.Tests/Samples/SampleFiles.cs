using Customer360.Core.Events;

namespace Customer360.Tests.Samples;

/// <summary>The example events of the seed documents, one file each under Samples/&lt;dialect&gt;/.</summary>
public static class SampleFiles
{
    public static string Dir(string dialect) => Path.Combine(AppContext.BaseDirectory, "Samples", dialect);

    public static IEnumerable<(string Name, string Json)> All(string dialect) =>
        Directory.GetFiles(Dir(dialect), "*.json").Order(StringComparer.Ordinal).Select(f => (Path.GetFileNameWithoutExtension(f), File.ReadAllText(f)));

    public static string Read(string dialect, string name) => File.ReadAllText(Path.Combine(Dir(dialect), name + ".json"));

    public static IEnumerable<string> Every() => new[] { "telecom", "crm-domain", "customer-service", "customeriq" }.SelectMany(d => All(d).Select(x => x.Json));

    public static RawMessage Raw(string json, string source = "test") => RawMessage.FromString(json, source, "test:sample");

    public static TheoryData<string> Names(string dialect)
    {
        var data = new TheoryData<string>();
        foreach (var (name, _) in All(dialect))
        {
            data.Add(name);
        }

        return data;
    }
}
