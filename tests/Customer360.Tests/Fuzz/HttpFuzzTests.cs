using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Customer360.Tests.Api;
using Xunit.Abstractions;

namespace Customer360.Tests.Fuzz;

/// <summary>
/// Issue 10 "bad input" over HTTP: seeded hostile messages interleaved with valid ones, posted alone, as JSON
/// arrays and as NDJSON. Every hostile one ends as a dead letter with a reason (or a clear 4xx), never a 5xx;
/// every valid one is applied, injection strings byte for byte. C360_FUZZ_COUNT=10000 runs the full suite.
/// </summary>
public sealed class HttpFuzzTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int MaxEventBytes = 32 * 1024;
    private const int MaxRequestBytes = 256 * 1024;

    private readonly ApiFactory _api = new(settings: new Dictionary<string, string?>
    {
        ["Ingestion:MaxEventBytes"] = MaxEventBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Api:MaxRequestBytes"] = MaxRequestBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Logging:LogLevel:Default"] = "Warning",
    });

    private readonly FuzzTally _tally = new();
    private readonly List<(long Id, FuzzMessage Message)> _deadLetters = [];
    private readonly List<string> _wrong = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task Hostile_messages_end_as_dead_letters_or_4xx_and_every_good_event_between_them_is_applied()
    {
        var (count, seed) = FuzzTally.Settings(1000);
        var messages = new HostileMessages(seed, "fz", MaxEventBytes).Generate(count);
        var ledger = new FuzzLedger();
        ledger.AddAll(messages);
        var random = new Random(seed);
        var clock = Stopwatch.StartNew();

        for (var i = 0; i < messages.Count;)
        {
            var chunk = messages.Skip(i).Take(random.Next(1, 25)).ToList();
            i += chunk.Count;
            switch (random.Next(3))
            {
                case 0:
                    await PostBatchAsync(chunk.Where(m => m.FitsInArray).ToList(), "[", ",", "]", "application/json");
                    await PostEachAsync(chunk.Where(m => !m.FitsInArray));
                    break;
                case 1:
                    await PostBatchAsync(chunk.Where(m => m.FitsInNdjson).ToList(), "", "\n", "\n", "application/x-ndjson");
                    await PostEachAsync(chunk.Where(m => !m.FitsInNdjson));
                    break;
                default:
                    await PostEachAsync(chunk);
                    break;
            }

            if (random.Next(40) == 0)
            {
                await TransportErrorsAsync();
            }
        }

        var stats = (await _api.GetAsync("/api/stats"))!.Value;
        output.WriteLine($"seed {seed}, {count} messages in {clock.Elapsed.TotalSeconds:0.0} s\n{_tally}");
        Assert.True(_wrong.Count == 0, $"{_wrong.Count} messages ended wrongly:\n{string.Join("\n", _wrong.Take(40))}");
        Assert.Equal(0, _tally.Total(FuzzTally.Outcome.ServerError));
        Assert.Equal(ledger.Applied, stats.GetProperty("events").GetInt32());
        Assert.Equal(_deadLetters.Count, stats.GetProperty("deadLetters").GetInt32());
        await ledger.AssertAppliedAsync(path => _api.GetAsync(path));
        foreach (var (id, m) in _deadLetters)
        {
            var letter = (await _api.GetAsync($"/api/dead-letters/{id}"))!.Value;
            var raw = Convert.FromBase64String(letter.GetProperty("rawBase64").GetString()!);

            // A body that is itself an array is split, so the letter holds the element that was not an object;
            // batch elements lose the whitespace around them.
            var kept = m.Body is [(byte)'[', ..] ? m.Body.AsSpan().IndexOf(raw) >= 0
                : raw.AsSpan().SequenceEqual(m.Body) || raw.AsSpan().SequenceEqual(m.Body.AsSpan().Trim(" \t\r\n"u8));
            Assert.True(kept, $"dead letter {id} is not the raw bytes of {m}");
            Assert.False(string.IsNullOrWhiteSpace(letter.GetProperty("reason").GetString()), $"dead letter {id} has no reason");
        }

        using var health = await _api.CreateClient().GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode); // still answering after all of it
    }

    private async Task PostEachAsync(IEnumerable<FuzzMessage> messages)
    {
        foreach (var m in messages)
        {
            if (m.Body.Length == 0)
            {
                using var empty = await _api.SendEventsAsync(m.Body);
                Assert.True(empty.StatusCode == HttpStatusCode.BadRequest, $"{m}: {empty.StatusCode}");
                _tally.Add(m.Kind.ToString(), FuzzTally.Outcome.ClientError);
                continue;
            }

            await PostBatchAsync([m], "", "", "", "application/json");
        }
    }

    /// <summary>Posts the messages as one body and checks each one's outcome against what it is.</summary>
    private async Task PostBatchAsync(List<FuzzMessage> messages, string open, string separator, string close, string contentType)
    {
        if (messages.Count == 0)
        {
            return;
        }

        var body = new List<byte>(Encoding.UTF8.GetBytes(open));
        for (var i = 0; i < messages.Count; i++)
        {
            body.AddRange(i > 0 ? Encoding.UTF8.GetBytes(separator) : []);
            body.AddRange(messages[i].Body);
        }

        body.AddRange(Encoding.UTF8.GetBytes(close));
        using var response = await _api.SendEventsAsync([.. body], contentType: contentType);
        var what = string.Join("\n", messages);
        if ((int)response.StatusCode >= 500)
        {
            messages.ForEach(m => _tally.Add(m.Kind.ToString(), FuzzTally.Outcome.ServerError));
            _wrong.Add($"{(int)response.StatusCode} for {contentType} body of:\n{what}\n{await response.Content.ReadAsStringAsync()}");
            return;
        }

        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{response.StatusCode} for:\n{what}");
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
        var rejected = answer.GetProperty("rejected").EnumerateArray().ToDictionary(r => r.GetProperty("index").GetInt32());
        Assert.True(answer.GetProperty("eventIds").GetArrayLength() == messages.Count, $"{messages.Count} messages split into {answer.GetProperty("eventIds").GetArrayLength()}:\n{what}");
        for (var i = 0; i < messages.Count; i++)
        {
            var m = messages[i];
            if (m.IsGood)
            {
                if (rejected.TryGetValue(i, out var r))
                {
                    _wrong.Add($"good message rejected: {m}\nreason: {r}");
                    _deadLetters.Add((r.GetProperty("deadLetterId").GetInt64(), m));
                }

                _tally.Add(m.Kind.ToString(), FuzzTally.Outcome.Accepted);
                continue;
            }

            if (!rejected.TryGetValue(i, out var rejection))
            {
                _wrong.Add($"hostile message accepted: {m}");
                continue;
            }

            Assert.False(string.IsNullOrWhiteSpace(rejection.GetProperty("reason").GetString()), $"no reason for {m}");
            _deadLetters.Add((rejection.GetProperty("deadLetterId").GetInt64(), m));
            _tally.Add(m.Kind.ToString(), FuzzTally.Outcome.DeadLetter);
        }
    }

    /// <summary>Requests refused before any event is read: a body over the size limit, an unknown pinned dialect.</summary>
    private async Task TransportErrorsAsync()
    {
        using (var tooLarge = await _api.SendEventsAsync(new byte[MaxRequestBytes + 1]))
        {
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
            _tally.Add("OversizedBody (HTTP)", FuzzTally.Outcome.ClientError);
        }

        using var content = new StringContent("{\"customer_id\":\"c\",\"event_type\":\"x\"}", Encoding.UTF8, "application/json");
        using var unknown = await _api.CreateClient().PostAsync("/api/events?dialect=%3Cscript%3E", content);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        _tally.Add("UnknownPinnedDialect (HTTP)", FuzzTally.Outcome.ClientError);
    }
}
