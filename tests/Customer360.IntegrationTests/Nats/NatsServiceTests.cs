using System.Diagnostics;
using Customer360.IntegrationTests.Infrastructure;
using Customer360.Ingestion.Nats.JetStream;
using Xunit;
using static Customer360.IntegrationTests.Nats.NatsServiceHelpers;

namespace Customer360.IntegrationTests.Nats;

/// <summary>The real service (`c360 serve` with NATS_ENABLED) against its own nats-server per test.</summary>
public sealed class NatsServiceTests
{
    [Fact]
    public async Task Seed_node_publisher_events_build_profile_purchases_work_orders_and_knowledge()
    {
        await using var server = await NatsServer.StartAsync();
        await using var service = await ServiceProcess.StartAsync(Env(server));
        await WaitStartedAsync(service);

        await NodeClient.RunAsync("nats-seed-publisher.js", server.Url, "cust_nats_seed", "all");

        var profile = await Poll.UntilAsync(() => service.GetJsonAsync("/api/customers/cust_nats_seed"),
            p => p is { } j && j.GetProperty("counts").GetProperty("events").GetInt32() == 6, TimeSpan.FromSeconds(30), "6 events on the profile");
        var p = profile!.Value;
        Assert.Equal("John Smith", p.GetProperty("name").GetString());
        Assert.Equal("john.smith@example.com", p.GetProperty("email").GetString());
        Assert.Equal("+1-555-0100", p.GetProperty("phone").GetString());
        Assert.Equal("Acme Corp", p.GetProperty("company").GetString());
        Assert.Equal(299.99m, p.GetProperty("lifetimeValue").GetDecimal());

        var purchases = (await service.GetJsonAsync("/api/customers/cust_nats_seed/purchases"))!.Value.GetProperty("items");
        Assert.Equal("ord_12345", Assert.Single(purchases.EnumerateArray()).GetProperty("id").GetString());
        var workOrders = (await service.GetJsonAsync("/api/customers/cust_nats_seed/work-orders"))!.Value.GetProperty("items");
        Assert.Equal("WO-9999", Assert.Single(workOrders.EnumerateArray()).GetProperty("id").GetString());
        var knowledge = Text((await service.GetJsonAsync("/api/customers/cust_nats_seed/knowledge"))!.Value.GetProperty("items"));
        Assert.Contains("Prefers email contact", knowledge, StringComparison.Ordinal);
        Assert.Contains("Bluetooth pairing", knowledge, StringComparison.Ordinal);

        var stats = (await service.GetJsonAsync("/api/stats"))!.Value;
        Assert.Equal(0, stats.GetProperty("deadLetters").GetInt64());
        Assert.Contains("[NATS] Subscribing to: customer.events.> (queue: customer360)", service.Output, StringComparison.Ordinal);
        Assert.Equal("connected", await NatsStateAsync(service));
    }

    [Fact]
    public async Task Email_only_events_find_the_customer_by_email_or_create_one_in_core_mode()
    {
        await using var server = await NatsServer.StartAsync(jetStream: false);
        await using var service = await ServiceProcess.StartAsync(Env(server));
        await WaitStartedAsync(service);
        Assert.Contains("(core mode)", service.Output, StringComparison.Ordinal);

        await NodeClient.RunAsync("nats-seed-publisher.js", server.Url, "cust_nats_mail", "all");
        await Poll.UntilAsync(() => service.GetJsonAsync("/api/customers/cust_nats_mail"),
            p => p is { } j && j.GetProperty("counts").GetProperty("events").GetInt32() == 6, TimeSpan.FromSeconds(30), "the known customer");

        await NodeClient.RunAsync("nats-seed-publisher.js", server.Url, "", "email-only", "john.smith@example.com");
        await Poll.UntilAsync(() => service.GetJsonAsync("/api/customers/cust_nats_mail"),
            p => p is { } j && j.GetProperty("counts").GetProperty("purchases").GetInt32() == 2, TimeSpan.FromSeconds(30), "the email-only purchase on the known customer");

        await NodeClient.RunAsync("nats-seed-publisher.js", server.Url, "", "email-only", "new.person@example.com");
        var hits = await Poll.UntilAsync(() => service.GetJsonAsync("/api/customers?q=new.person%40example.com"),
            r => r is { } j && j.GetProperty("items").GetArrayLength() == 1, TimeSpan.FromSeconds(30), "a customer created for the new email");
        var created = hits!.Value.GetProperty("items")[0];
        Assert.Equal("new.person@example.com", created.GetProperty("email").GetString());
        var profile = (await service.GetJsonAsync($"/api/customers/{created.GetProperty("id").GetString()}"))!.Value;
        Assert.Equal(99.99m, profile.GetProperty("lifetimeValue").GetDecimal());
    }

    [Fact]
    public async Task Two_instances_in_one_queue_group_share_the_load_without_duplicates()
    {
        await using var server = await NatsServer.StartAsync(jetStream: false);
        await using var a = await ServiceProcess.StartAsync(Env(server, queueGroup: "c360-pair"));
        await using var b = await ServiceProcess.StartAsync(Env(server, queueGroup: "c360-pair"));
        await WaitStartedAsync(a);
        await WaitStartedAsync(b);

        await PublishManyAsync(server, 1000, "pair");
        var total = await Poll.UntilAsync(async () => await EventCountAsync(a) + await EventCountAsync(b), n => n >= 1000, TimeSpan.FromSeconds(60), "1000 events across both");
        var (countA, countB) = (await EventCountAsync(a), await EventCountAsync(b));

        Assert.Equal(1000, total);
        Assert.Equal(1000, countA + countB);
        Assert.True(countA > 0 && countB > 0, $"both instances got work: {countA} + {countB}");
    }

    [Fact]
    public async Task JetStream_kill_9_mid_stream_then_restart_stores_every_event_exactly_once()
    {
        const int total = 6_000;
        await using var server = await NatsServer.StartAsync();
        await using (var nc = new Customer360.Ingestion.Nats.Client.NatsConnection(new() { Servers = [server.Url] }))
        {
            await nc.ConnectAsync(CancellationToken.None);
            await new JetStreamContext(nc).CreateOrUpdateStreamAsync(new JetStreamSettings(), CancellationToken.None);
        }

        var env = Env(server);
        env["Nats__BatchSize"] = "100";
        env["Nats__AckWaitSeconds"] = "5"; // what the killed process had fetched but not acked comes back after this
        await using var service = await ServiceProcess.StartAsync(env);
        await WaitStartedAsync(service);

        // Paced over ~3 s, so the kill lands while events still arrive; a backlog published up front was once drained
        // whole before the first poll. What is published while the service is down waits in the stream.
        var publishing = PublishPacedAsync(server, total, "crash", chunk: 100, pause: TimeSpan.FromMilliseconds(50));
        var seen = await Poll.UntilAsync(() => EventCountAsync(service), n => n >= 300, TimeSpan.FromSeconds(60), "ingestion under way");
        service.KillHard();
        Assert.False(publishing.IsCompleted, $"killed mid-stream ({seen} of {total} seen, publisher still running)");
        await publishing;

        await service.RestartAsync();
        await Poll.UntilAsync(() => EventCountAsync(service), n => n >= total, TimeSpan.FromSeconds(120), "every event after the restart");
        var stats = (await service.GetJsonAsync("/api/stats"))!.Value;
        Assert.Equal(total, stats.GetProperty("events").GetInt64());
        Assert.Equal(0, stats.GetProperty("deadLetters").GetInt64());
        await Poll.UntilAsync(async () => (await service.GetJsonAsync("/health"))!.Value.GetProperty("sources")[0].GetProperty("lag").GetInt64() == 0,
            TimeSpan.FromSeconds(30), "no lag left");
    }

    [Fact]
    public async Task A_nats_server_restart_is_survived_without_spinning_the_cpu()
    {
        await using var server = await NatsServer.StartAsync();
        await using var service = await ServiceProcess.StartAsync(Env(server));
        await WaitStartedAsync(service);
        await PublishManyAsync(server, 10, "before");
        await Poll.UntilAsync(() => EventCountAsync(service), n => n == 10, TimeSpan.FromSeconds(30), "events before the outage");

        await server.StopAsync();
        await Poll.UntilAsync(async () => await NatsStateAsync(service) == "disconnected", TimeSpan.FromSeconds(30), "the service to see the outage");
        var pid = service.Process!.Pid;
        var (cpu0, wall) = (CpuTime(pid), Stopwatch.StartNew());
        var attempts0 = Count(service.Output, "Reconnect attempt");
        await Poll.UntilAsync(() => Task.FromResult(Count(service.Output, "Reconnect attempt") >= attempts0 + 6), TimeSpan.FromSeconds(60), "six reconnect attempts");
        var cpu = CpuTime(pid) - cpu0;
        // a retry loop without backoff burns a whole core; ours sleeps between passes
        Assert.True(cpu.TotalSeconds < 0.5 * wall.Elapsed.TotalSeconds + 0.3, $"CPU {cpu.TotalSeconds:0.00} s over {wall.Elapsed.TotalSeconds:0.00} s of outage");

        await server.RestartAsync();
        await Poll.UntilAsync(async () => await NatsStateAsync(service) == "connected", TimeSpan.FromSeconds(30), "reconnect");
        await PublishManyAsync(server, 10, "after");
        await Poll.UntilAsync(() => EventCountAsync(service), n => n == 20, TimeSpan.FromSeconds(30), "events after the outage");
    }

    [Fact]
    public async Task A_service_started_before_the_server_connects_once_it_is_up_and_takes_cli_published_events()
    {
        await using var server = await NatsServer.StartAsync();
        await server.StopAsync(); // the port is known, nothing listens yet
        await using var service = await ServiceProcess.StartAsync(Env(server));
        await Poll.UntilAsync(async () => await NatsStateAsync(service) == "disconnected", TimeSpan.FromSeconds(30), "the source to report the failed connect");

        await server.RestartAsync();
        await WaitStartedAsync(service);
        await ExternalProcess.RunAsync("dotnet", [Path.Combine(AppContext.BaseDirectory, "c360.dll"), "publish", "--to", "nats", "--servers", server.Url, "--event", "purchase", "--customer", "cust_999"]);

        // the seed samples hold two purchase events; both are published for cust_999
        await Poll.UntilAsync(() => service.GetJsonAsync("/api/customers/cust_999"),
            p => p is { } j && j.GetProperty("counts").GetProperty("purchases").GetInt32() == 2, TimeSpan.FromSeconds(30), "the CLI-published purchases");
        var stats = (await service.GetJsonAsync("/api/stats"))!.Value;
        Assert.Equal(2, stats.GetProperty("bySource").GetProperty("nats").GetInt64());
        Assert.Equal("connected", await NatsStateAsync(service));
    }
}
