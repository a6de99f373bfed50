using System.Text;
using Customer360.IntegrationTests.Infrastructure;
using Customer360.Ingestion.Nats.Client;
using Xunit;

namespace Customer360.IntegrationTests.Nats;

/// <summary>Each test has its own server, because it restarts, freezes or configures it.</summary>
public sealed class NatsClientResilienceTests
{
    [Fact]
    public async Task After_a_server_restart_the_client_reconnects_and_its_subscriptions_work_again()
    {
        await using var server = await NatsServer.StartAsync(jetStream: false);
        await using var nc = new NatsConnection(new NatsConnectionOptions { Servers = ["nats://127.0.0.1:1", server.Url], ReconnectWait = TimeSpan.FromMilliseconds(50) });
        await nc.ConnectAsync(CancellationToken.None); // the first, dead address is skipped
        await using var sub = await nc.SubscribeAsync("resilience.>", "q");

        await server.StopAsync();
        await Poll.UntilAsync(() => Task.FromResult(nc.State == NatsConnectionState.Reconnecting), TimeSpan.FromSeconds(10), "the client to notice");
        await server.RestartAsync();
        await Poll.UntilAsync(() => Task.FromResult(nc.State == NatsConnectionState.Connected), TimeSpan.FromSeconds(20), "reconnect");

        await nc.PublishAsync("resilience.x", "back"u8.ToArray());
        var m = await sub.Messages.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("back", Encoding.UTF8.GetString(m.Data.Span));
        Assert.Equal(1, nc.Reconnects);
    }

    [Fact]
    public async Task A_server_that_stops_answering_pings_is_detected_and_left()
    {
        await using var server = await NatsServer.StartAsync(jetStream: false);
        await using var nc = new NatsConnection(new NatsConnectionOptions
        {
            Servers = [server.Url],
            PingInterval = TimeSpan.FromMilliseconds(200),
            MaxPingsOut = 2,
            ConnectTimeout = TimeSpan.FromSeconds(1),
            ReconnectWait = TimeSpan.FromMilliseconds(100),
        });
        await nc.ConnectAsync(CancellationToken.None);
        await using var sub = await nc.SubscribeAsync("frozen.>");

        await server.FreezeAsync(); // TCP stays up, nothing answers
        await Poll.UntilAsync(() => Task.FromResult(nc.State == NatsConnectionState.Reconnecting), TimeSpan.FromSeconds(20), "stale connection detection");
        await server.ThawAsync();
        await Poll.UntilAsync(() => Task.FromResult(nc.State == NatsConnectionState.Connected), TimeSpan.FromSeconds(30), "reconnect after thaw");

        await nc.PublishAsync("frozen.x", "alive"u8.ToArray());
        var m = await sub.Messages.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("alive", Encoding.UTF8.GetString(m.Data.Span));
    }

    [Fact]
    public async Task User_and_password_are_sent_and_wrong_ones_are_refused()
    {
        await using var server = await NatsServer.StartAsync(false, "--user", "svc", "--pass", "s3cret");
        await using var ok = new NatsConnection(new NatsConnectionOptions { Servers = [server.Url], User = "svc", Password = "s3cret" });
        await ok.ConnectAsync(CancellationToken.None);
        await ok.FlushAsync(CancellationToken.None);

        await using var inUrl = new NatsConnection(new NatsConnectionOptions { Servers = [$"nats://svc:s3cret@127.0.0.1:{server.Port}"] });
        await inUrl.ConnectAsync(CancellationToken.None);

        await using var bad = new NatsConnection(new NatsConnectionOptions { Servers = [server.Url], User = "svc", Password = "nope" });
        var error = await Assert.ThrowsAsync<NatsException>(() => bad.ConnectAsync(CancellationToken.None));
        Assert.Contains("Authorization", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_token_is_sent_and_a_missing_one_is_refused()
    {
        await using var server = await NatsServer.StartAsync(false, "--auth", "t0ken");
        await using var ok = new NatsConnection(new NatsConnectionOptions { Servers = [server.Url], Token = "t0ken" });
        await ok.ConnectAsync(CancellationToken.None);
        await ok.FlushAsync(CancellationToken.None);

        await using var none = new NatsConnection(new NatsConnectionOptions { Servers = [server.Url] });
        await Assert.ThrowsAsync<NatsException>(() => none.ConnectAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_server_error_that_keeps_the_connection_is_recorded_and_the_connection_keeps_working()
    {
        var config = Path.Combine(Directory.CreateTempSubdirectory("c360-nats-conf-").FullName, "nats.conf");
        await File.WriteAllTextAsync(config, """
            authorization {
              users = [ { user: "svc", password: "pw", permissions: { publish: { deny: ["forbidden.>"] } } } ]
            }
            """);
        await using var server = await NatsServer.StartAsync(false, "-c", config);
        await using var nc = new NatsConnection(new NatsConnectionOptions { Servers = [server.Url], User = "svc", Password = "pw" });
        await nc.ConnectAsync(CancellationToken.None);
        await using var sub = await nc.SubscribeAsync("allowed.>");

        await nc.PublishAsync("forbidden.x", "no"u8.ToArray());
        await Poll.UntilAsync(() => Task.FromResult(nc.LastError?.Contains("Permissions Violation", StringComparison.Ordinal) == true), TimeSpan.FromSeconds(10), "-ERR recorded");

        await nc.PublishAsync("allowed.y", "yes"u8.ToArray());
        var m = await sub.Messages.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("allowed.y", m.Subject);
        Assert.Equal((NatsConnectionState.Connected, 0), (nc.State, nc.Reconnects));
        Directory.Delete(Path.GetDirectoryName(config)!, recursive: true);
    }
}
