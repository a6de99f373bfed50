using System.Globalization;
using System.Text;
using System.Text.Json;
using Customer360.IntegrationTests.Infrastructure;
using Customer360.Ingestion.Nats.Client;

namespace Customer360.IntegrationTests.Nats;

/// <summary>What the NATS service tests share: the service's environment, waiting for it, making and counting events.</summary>
public static class NatsServiceHelpers
{
    public static Dictionary<string, string?> Env(NatsServer server, bool? jetStream = null, string queueGroup = "customer360") => new()
    {
        ["NATS_ENABLED"] = "true",
        ["NATS_SERVERS"] = server.Url,
        ["NATS_QUEUE_GROUP"] = queueGroup,
        ["NATS_JETSTREAM"] = jetStream?.ToString().ToLowerInvariant(),
        ["Nats__ReconnectWaitMs"] = "100",
        ["Nats__MaxReconnectWaitMs"] = "1000",
    };

    /// <summary>Subscriptions (or the durable consumer) exist once the service logs that it started.</summary>
    public static Task WaitStartedAsync(ServiceProcess service, int times = 1) =>
        Poll.UntilAsync(() => Task.FromResult(Count(service.Output, "[NATS] Service started successfully") >= times), TimeSpan.FromSeconds(30), "[NATS] Service started");

    public static async Task<long> EventCountAsync(ServiceProcess service) =>
        (await service.GetJsonAsync("/api/stats"))!.Value.GetProperty("events").GetInt64();

    public static async Task<string> NatsStateAsync(ServiceProcess service)
    {
        var health = (await service.GetJsonAsync("/health"))!.Value;
        return health.GetProperty("sources").EnumerateArray().Single(s => s.GetProperty("name").GetString() == "nats").GetProperty("state").GetString()!;
    }

    /// <summary>A seed 004 event with its own id, so the store can tell a redelivery from a new event.</summary>
    public static byte[] Event(string id, string customerId, string type = "contact") =>
        JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["event_id"] = id,
            ["customer_id"] = customerId,
            ["event_type"] = type,
            ["timestamp"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["source_service"] = "integration-test",
            ["data"] = new Dictionary<string, object> { ["title"] = "message " + id },
        });

    public static Task PublishManyAsync(NatsServer server, int count, string prefix) => PublishPacedAsync(server, count, prefix, count, TimeSpan.Zero);

    /// <summary>
    /// Publishes in chunks with a pause between them, so a test can act while the stream is still being produced: a
    /// backlog published at once is drained by the service faster than a poll can catch it part-way.
    /// </summary>
    public static async Task PublishPacedAsync(NatsServer server, int count, string prefix, int chunk, TimeSpan pause)
    {
        await using var nc = new NatsConnection(new NatsConnectionOptions { Servers = [server.Url] });
        await nc.ConnectAsync(CancellationToken.None);
        for (var i = 0; i < count; i++)
        {
            var customer = $"{prefix}_{(i % 50).ToString(CultureInfo.InvariantCulture)}";
            await nc.PublishAsync($"customer.events.{customer}.contact", Event($"{prefix}-{i}", customer));
            if ((i + 1) % chunk == 0 && i + 1 < count)
            {
                await nc.FlushAsync(CancellationToken.None);
                await Task.Delay(pause);
            }
        }

        await nc.FlushAsync(CancellationToken.None);
    }

    /// <summary>User + system CPU time of a process so far, from /proc/PID/stat.</summary>
    public static TimeSpan CpuTime(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / 100.0); // USER_HZ is 100 on Linux
    }

    public static int Count(string text, string what)
    {
        var n = 0;
        for (var at = text.IndexOf(what, StringComparison.Ordinal); at >= 0; at = text.IndexOf(what, at + what.Length, StringComparison.Ordinal))
        {
            n++;
        }

        return n;
    }

    public static string Text(JsonElement items) => Encoding.UTF8.GetString(JsonSerializer.SerializeToUtf8Bytes(items));
}
