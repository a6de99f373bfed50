using System.Text;
using Customer360.Ingestion.Nats.Client;
using Customer360.Ingestion.Nats.JetStream;
using Customer360.IntegrationTests.Infrastructure;
using Customer360.IntegrationTests.Nats;

namespace Customer360.IntegrationTests.Faults;

/// <summary>
/// nats-server with JetStream on a file store; published with JetStream acks (a publish without one is sent again),
/// restarted with kill -9 on the same store dir. Core NATS is not soaked: it has no acks, so a killed consumer's
/// in-flight messages are gone by design (see docs/scale-out.md).
/// </summary>
public sealed class NatsSoakBroker(NatsServer server) : ISoakBroker
{
    private const int Window = 20;

    public string Name => "nats";

    public bool CanRestart => true;

    public IDictionary<string, string?> ServiceEnv => NatsServiceHelpers.Env(server, jetStream: true, queueGroup: "soak");

    public static async Task<NatsSoakBroker> StartAsync() => new(await NatsServer.StartAsync());

    public Task RestartAsync() => server.RestartAsync();

    public Task WaitServiceReadyAsync(ServiceProcess service) => NatsServiceHelpers.WaitStartedAsync(service);

    public async Task ProduceAsync(SoakEvents stream, CancellationToken cancellationToken)
    {
        await using var nc = new NatsConnection(new NatsConnectionOptions { Servers = [server.Url], ReconnectWait = TimeSpan.FromMilliseconds(100), MaxReconnectWait = TimeSpan.FromSeconds(1) });
        await nc.ConnectAsync(cancellationToken);
        var js = new JetStreamContext(nc, TimeSpan.FromSeconds(5));
        var pending = Enumerable.Range(0, stream.Count).ToList();
        for (var from = 0; from < pending.Count; from += Window)
        {
            var window = pending.GetRange(from, Math.Min(Window, pending.Count - from));
            await Task.Delay(stream.DueIn(from), cancellationToken);
            var size = window.Count;
            while (window.Count > 0)
            {
                var results = await Task.WhenAll(window.Select(async i =>
                {
                    try
                    {
                        await js.PublishAsync($"customer.events.{stream.Customer(i)}.soak", Encoding.UTF8.GetBytes(stream.Json(i)), cancellationToken);
                        return -1;
                    }
                    catch (Exception ex) when (ex is NatsException or TimeoutException or JetStreamApiException)
                    {
                        return i; // no ack (server restarting): publish again; the service dedups a double
                    }
                }));
                window = results.Where(i => i >= 0).ToList();
                stream.MarkAcked(size - window.Count);
                size = window.Count;
                if (window.Count > 0)
                {
                    await Task.Delay(200, cancellationToken);
                }
            }
        }
    }

    public ValueTask DisposeAsync() => server.DisposeAsync();
}
