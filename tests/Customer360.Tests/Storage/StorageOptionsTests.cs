using Customer360.Core.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit;

namespace Customer360.Tests.Storage;

public sealed class StorageOptionsTests
{
    [Fact]
    public void The_writer_profile_cache_size_is_read_from_configuration_and_defaults_to_the_sqlite_default()
    {
        Assert.Equal(new Core.Storage.Sqlite.SqliteOptions().ProfileCacheSize, Resolve([]).SqliteProfileCacheSize);
        Assert.Equal(0, Resolve(new() { ["Storage:SqliteProfileCacheSize"] = "0" }).SqliteProfileCacheSize);
    }

    [Fact]
    public void A_negative_profile_cache_size_is_refused_at_start()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Resolve(new() { ["Storage:SqliteProfileCacheSize"] = "-1" }));

        Assert.Contains("SqliteProfileCacheSize", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_writer_page_cache_is_set_from_configuration_in_mebibytes()
    {
        var path = Path.Combine(Path.GetTempPath(), $"c360-options-{Guid.NewGuid():N}.db");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Path"] = path,
            ["Storage:SqliteCacheMb"] = "8",
        }).Build();
        await using var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddLogging().AddProfileStore(configuration).BuildServiceProvider();
        var store = (Core.Storage.Sqlite.SqliteProfileStore)services.GetRequiredService<IProfileStore>();
        await store.InitializeAsync(CancellationToken.None);

        Assert.Equal(-8 * 1024, await store.WriterCacheSizeAsync(CancellationToken.None));
        Assert.Equal(new Core.Storage.Sqlite.SqliteOptions().CacheMb, Resolve([]).SqliteCacheMb);
    }

    [Fact]
    public void A_page_cache_of_zero_is_refused_at_start()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Resolve(new() { ["Storage:SqliteCacheMb"] = "0" }));

        Assert.Contains("SqliteCacheMb", error.Message, StringComparison.Ordinal);
    }

    private static StorageOptions Resolve(Dictionary<string, string?> settings)
    {
        settings["Storage:Path"] = Path.Combine(Path.GetTempPath(), $"c360-options-{Guid.NewGuid():N}.db");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        using var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddLogging().AddProfileStore(configuration).BuildServiceProvider();
        return services.GetRequiredService<IOptions<StorageOptions>>().Value;
    }
}
