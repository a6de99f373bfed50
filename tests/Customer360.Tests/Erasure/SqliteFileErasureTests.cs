using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Customer360.Tests.Api;
using Customer360.Tests.Storage;

namespace Customer360.Tests.Erasure;

/// <summary>
/// The must-show: after an erase, a byte search of the SQLite files (database, WAL, shared memory) for
/// the erased email, name and phone finds nothing, though before the erase they were there.
/// </summary>
public sealed class SqliteFileErasureTests : IAsyncLifetime
{
    private const string Email = "xanthippe.quarrington@erase-me.example";
    private const string Name = "Xanthippe Quarrington";
    private const string Phone = "+507 6777-1199";

    private readonly ApiFactory _api = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task After_erase_no_store_file_holds_the_erased_email_name_or_phone()
    {
        // Every kind of row, a profile rewritten several times (old row versions), a merged-in duplicate, timeline
        // text, a dead letter, and enough other customers that the pages are shared with data that stays.
        foreach (var e in ErasureEvents.Story("X1", Name, Email, Phone).Concat(ErasureEvents.Story("X1-dup", Name, "x.q@erase-me.example", "+507 6777-0000")))
        {
            await _api.PostEventsAsync(e);
        }

        for (var i = 0; i < 5; i++)
        {
            await _api.PostEventsAsync("{\"event\":\"customer.updated\",\"timestamp\":\"2025-03-0" + (i + 1) + "T00:00:00Z\",\"data\":{\"customer_id\":\"X1\",\"changes\":{\"customer_type\":\"type-" + i + "\",\"email\":\"" + Email + "\"}}}");
        }

        await _api.PostEventsAsync("""{"eventType":"CustomerMergedEvent","eventId":"mx","timestamp":"2025-04-01T00:00:00Z","payload":{"targetCustomerId":"X1","sourceCustomerId":"X1-dup","mergeReason":"DUPLICATE"}}""");
        var rejected = await _api.PostEventsAsync($$$"""{"event_type":"note","data":{"email":"{{{Email.ToUpperInvariant()}}}","content":"{{{Name}}} without a time"}}""");
        Assert.Single(rejected.GetProperty("rejected").EnumerateArray());
        await _api.PostEventsAsync("[" + string.Join(",", Enumerable.Range(0, 300).SelectMany(i => ErasureEvents.Story($"K{i}", $"Kept {i}", $"kept{i}@keep.example", $"+507 6000-{i:0000}"))) + "]");
        Assert.True(FilesContain(Email), "the email must be in the files before the erase, or this test proves nothing");
        Assert.True(FilesContain(Name));

        using var response = await _api.CreateClient().DeleteAsync("/api/customers/X1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(body.GetProperty("filesScrubbed").GetBoolean());
        Assert.Equal(1, body.GetProperty("deadLettersDeleted").GetInt32());
        foreach (var secret in new[] { Email, "x.q@erase-me.example", Name, "Xanthippe", "Quarrington", "6777-1199", "67771199" })
        {
            foreach (var file in StoreFiles())
            {
                Assert.False(Contains(file, secret), $"{Path.GetFileName(file)} still holds '{secret}'");
            }
        }

        Assert.Null(await _api.GetAsync("/api/customers/X1"));
        Assert.NotNull(await _api.GetAsync("/api/customers/K299"));
        var hits = (await _api.GetAsync("/api/customers?q=kept299"))!.Value.GetProperty("items");
        Assert.Equal("K299", Assert.Single(hits.EnumerateArray()).GetProperty("id").GetString()); // the index still finds the rows the rewrite kept
        Assert.True(FilesContain("kept299@keep.example"), "what was not erased stays");
    }

    private IEnumerable<string> StoreFiles() =>
        new[] { _api.DbPath, _api.DbPath + "-wal", _api.DbPath + "-shm" }.Where(File.Exists);

    private bool FilesContain(string text) => StoreFiles().Any(f => Contains(f, text));

    /// <summary>The file's raw bytes (shared read: the server keeps it open), searched for the text in UTF-8, ASCII case-insensitively.</summary>
    private static bool Contains(string path, string text)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        var bytes = buffer.ToArray();
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] is >= (byte)'A' and <= (byte)'Z')
            {
                bytes[i] += 32;
            }
        }

        return bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(text.ToLowerInvariant())) >= 0;
    }
}
