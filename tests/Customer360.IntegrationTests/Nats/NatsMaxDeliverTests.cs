using System.Text;
using Customer360.Core.Events;
using Customer360.Core.Ingestion;
using Customer360.Core.Storage;
using Customer360.IntegrationTests.Infrastructure;
using Customer360.Ingestion;
using Customer360.Ingestion.Nats.Client;
using Customer360.Ingestion.Nats.JetStream;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Xunit;

namespace Customer360.IntegrationTests.Nats;

/// <summary>
/// The JetStream delivery rule with a store that keeps refusing one message: the others are acked, the refused
/// one is redelivered until max_deliver, then kept as a dead letter. The source runs in-process on a real
/// nats-server and a real SQLite store; only the ingestor is wrapped to refuse.
/// </summary>
public sealed class NatsMaxDeliverTests
{
    [Fact]
    public async Task A_message_the_store_keeps_refusing_is_redelivered_then_dead_lettered_at_max_deliver()
    {
        await using var server = await NatsServer.StartAsync();
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Path"] = Path.Combine(Directory.CreateTempSubdirectory("c360-nats-md-").FullName, "c360.db"),
            ["Nats:Enabled"] = "true",
            ["Nats:Servers"] = server.Url,
            ["Nats:JetStream"] = "true",
            ["Nats:MaxDeliver"] = "3",
            ["Nats:FetchExpiresMs"] = "200",
        });
        builder.Services.AddProfileStore(builder.Configuration);
        builder.Services.AddIngestion(builder.Configuration);
        var refusing = new RefusingIngestor();
        builder.Services.AddSingleton<IEventIngestor>(sp => refusing.Wrap(sp.GetRequiredService<EventIngestor>()));
        using var host = builder.Build();
        await host.StartAsync();

        await using var nc = new NatsConnection(new NatsConnectionOptions { Servers = [server.Url] });
        await nc.ConnectAsync(CancellationToken.None);
        var js = new JetStreamContext(nc);
        await Poll.UntilAsync(async () =>
        {
            try
            {
                await js.ApiAsync("STREAM.INFO.CUSTOMER_EVENTS", null, CancellationToken.None);
                return true;
            }
            catch (JetStreamApiException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(30), "the source to create the stream");
        foreach (var id in new[] { "md-ok-1", "md-poison", "md-ok-2" })
        {
            await js.PublishAsync("customer.events.md_cust.contact", NatsServiceHelpers.Event(id, "md_cust"), CancellationToken.None);
        }

        var store = host.Services.GetRequiredService<IProfileStore>();
        await Poll.UntilAsync(async () => (await store.GetStatsAsync(CancellationToken.None)) is { Events: 2, DeadLetters: 1 },
            TimeSpan.FromSeconds(60), "two events stored and one dead letter");

        var letter = Assert.Single(await store.ListDeadLettersAsync(10, null, CancellationToken.None));
        Assert.Contains("md-poison", Encoding.UTF8.GetString(letter.Raw), StringComparison.Ordinal);
        Assert.Contains("failed 3 deliveries", letter.Reason, StringComparison.Ordinal);
        Assert.Equal("nats:customer.events.md_cust.contact", letter.Origin);
        Assert.Equal(3, refusing.DeliveriesRefused);
        await host.StopAsync();
    }

    /// <summary>Throws, as a failing disk would, for any batch holding the poison message.</summary>
    private sealed class RefusingIngestor
    {
        private readonly HashSet<string> _origins = [];
        private int _refused;

        public int DeliveriesRefused
        {
            get
            {
                lock (_origins)
                {
                    return _refused;
                }
            }
        }

        public IEventIngestor Wrap(EventIngestor inner) => new Wrapper(this, inner);

        private sealed class Wrapper(RefusingIngestor owner, EventIngestor inner) : IEventIngestor
        {
            public Task<IReadOnlyList<IngestOutcome>> IngestAsync(IReadOnlyList<RawMessage> batch, CancellationToken cancellationToken)
            {
                if (batch.Any(m => Encoding.UTF8.GetString(m.Body.Span).Contains("md-poison", StringComparison.Ordinal)))
                {
                    if (batch.Count == 1)
                    {
                        lock (owner._origins)
                        {
                            owner._refused++; // one single-message retry per delivery
                        }
                    }

                    throw new IOException("disk I/O error (simulated)");
                }

                return inner.IngestAsync(batch, cancellationToken);
            }

            public Task<IReadOnlyList<IngestOutcome>> WriteAsync(IReadOnlyList<Core.Storage.IngestItem> items, CancellationToken cancellationToken) =>
                IngestAsync(items.Select(i => i.Raw).ToList(), cancellationToken);
        }
    }
}
