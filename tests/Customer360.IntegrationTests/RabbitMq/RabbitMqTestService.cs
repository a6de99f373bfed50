using System.Text.Json;
using Customer360.IntegrationTests.Infrastructure;

namespace Customer360.IntegrationTests.RabbitMq;

/// <summary>Starts `c360 serve` consuming from the test node, and reads what it stored.</summary>
internal static class RabbitMqTestService
{
    /// <summary>Returns once the source is connected, i.e. its queue is declared and bound: publishing before that would be unroutable.</summary>
    public static async Task<ServiceProcess> StartAsync(RabbitMqNode node, string? exchange = null, string? queue = null,
        IDictionary<string, string?>? extra = null)
    {
        var env = new Dictionary<string, string?>
        {
            ["RABBITMQ_ENABLED"] = "true",
            ["RABBITMQ_URL"] = node.AmqpUrl,
            ["RabbitMq__ReconnectDelayMs"] = "500",
        };
        if (exchange is not null)
        {
            env["RABBITMQ_EXCHANGE"] = exchange;
        }

        if (queue is not null)
        {
            env["RABBITMQ_QUEUE"] = queue;
        }

        foreach (var (k, v) in extra ?? new Dictionary<string, string?>())
        {
            env[k] = v;
        }

        var service = await ServiceProcess.StartAsync(env);
        await WaitConnectedAsync(service);
        return service;
    }

    public static Task WaitConnectedAsync(ServiceProcess service) =>
        Poll.UntilAsync(async () => (await service.GetJsonAsync("/health"))!.Value.GetProperty("sources").EnumerateArray()
            .Any(s => s.GetProperty("name").GetString() == "rabbitmq" && s.GetProperty("state").GetString() == "connected"),
            what: "the RabbitMQ source to connect");

    public static async Task<(long Events, long DeadLetters)> StatsAsync(ServiceProcess service)
    {
        var stats = (await service.GetJsonAsync("/api/stats"))!.Value;
        return (stats.GetProperty("events").GetInt64(), stats.GetProperty("deadLetters").GetInt64());
    }

    public static Task<(long Events, long DeadLetters)> WaitForStatsAsync(ServiceProcess service, long events, long deadLetters, TimeSpan? timeout = null) =>
        Poll.UntilAsync(() => StatsAsync(service), s => s.Events >= events && s.DeadLetters >= deadLetters,
            timeout ?? TimeSpan.FromSeconds(90), $"{events} events and {deadLetters} dead letters");

    public static async Task<JsonElement> ProfileAsync(ServiceProcess service, string customerId, string tenant) =>
        await service.GetJsonAsync($"/api/customers/{customerId}", tenant) ?? throw new InvalidOperationException($"no profile {customerId} in {tenant}");

    /// <summary>Ready messages per queue, from the broker itself.</summary>
    public static async Task<Dictionary<string, long>> QueueDepthsAsync(RabbitMqNode node)
    {
        var text = await node.Ctl(TimeSpan.FromSeconds(60), "list_queues", "-q", "--no-table-headers", "name", "messages");
        return text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split('\t'))
            .Where(parts => parts.Length == 2 && long.TryParse(parts[1], out _))
            .ToDictionary(parts => parts[0], parts => long.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture));
    }
}
