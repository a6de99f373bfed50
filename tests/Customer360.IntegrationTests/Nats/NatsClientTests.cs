using System.Text;
using Customer360.IntegrationTests.Infrastructure;
using Customer360.Ingestion.Nats.Client;
using Xunit;

namespace Customer360.IntegrationTests.Nats;

[Collection(NatsServerGroup.Name)]
public sealed class NatsClientTests(NatsServerFixture fixture)
{
    private static async Task<NatsConnection> ConnectAsync(string url, Func<NatsConnectionOptions, NatsConnectionOptions>? configure = null)
    {
        var options = new NatsConnectionOptions { Servers = [url] };
        var connection = new NatsConnection(configure?.Invoke(options) ?? options);
        await connection.ConnectAsync(CancellationToken.None);
        return connection;
    }

    private static async Task<NatsMessage> NextAsync(INatsSubscription sub) =>
        await sub.Messages.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));

    [Fact]
    public async Task Published_messages_arrive_with_subject_reply_and_multi_value_headers()
    {
        await using var nc = await ConnectAsync(fixture.Server.Url);
        Assert.True(nc.ServerInfo!.JetStream);
        await using var sub = await nc.SubscribeAsync("client.t1.>");
        await nc.PublishAsync("client.t1.a.b", "hello"u8.ToArray(), new NatsHeaders().Add("X-Tag", "1").Add("X-Tag", "2"), "reply.here");
        await nc.PublishAsync("client.t1.c", "plain"u8.ToArray());

        var first = await NextAsync(sub);
        Assert.Equal(("client.t1.a.b", "reply.here", "hello"), (first.Subject, first.ReplyTo, Encoding.UTF8.GetString(first.Data.Span)));
        Assert.Equal(["1", "2"], first.Headers!.GetAll("X-Tag"));
        var second = await NextAsync(sub);
        Assert.Equal(("client.t1.c", "plain"), (second.Subject, Encoding.UTF8.GetString(second.Data.Span)));
        Assert.Null(second.Headers);
    }

    [Fact]
    public async Task Queue_group_members_share_the_messages_without_duplicates()
    {
        await using var a = await ConnectAsync(fixture.Server.Url);
        await using var b = await ConnectAsync(fixture.Server.Url);
        await using var subA = await a.SubscribeAsync("client.t2.*", "workers");
        await using var subB = await b.SubscribeAsync("client.t2.*", "workers");
        await b.FlushAsync(CancellationToken.None);
        await using var publisher = await ConnectAsync(fixture.Server.Url);
        for (var i = 0; i < 400; i++)
        {
            await publisher.PublishAsync($"client.t2.m{i}", Encoding.UTF8.GetBytes(i.ToString()));
        }

        await publisher.FlushAsync(CancellationToken.None);
        var seen = new List<string>();
        int fromA = 0, fromB = 0;
        await Poll.UntilAsync(() =>
        {
            while (subA.Messages.TryRead(out var m)) { seen.Add(m.Subject); fromA++; }
            while (subB.Messages.TryRead(out var m)) { seen.Add(m.Subject); fromB++; }
            return Task.FromResult(seen.Count >= 400);
        }, TimeSpan.FromSeconds(20), "400 messages across the group");

        Assert.Equal(400, seen.Distinct().Count());
        Assert.Equal(400, seen.Count);
        Assert.True(fromA > 0 && fromB > 0, $"both members get work (a={fromA}, b={fromB})");
    }

    [Fact]
    public async Task Request_gets_the_reply_and_no_responders_fails_at_once()
    {
        await using var responder = await ConnectAsync(fixture.Server.Url);
        await using var requester = await ConnectAsync(fixture.Server.Url);
        var service = await responder.SubscribeAsync("client.t3.echo");
        await responder.FlushAsync(CancellationToken.None);
        var serve = Task.Run(async () =>
        {
            await foreach (var m in service.Messages.ReadAllAsync())
            {
                await responder.PublishAsync(m.ReplyTo!, Encoding.UTF8.GetBytes("re:" + Encoding.UTF8.GetString(m.Data.Span)));
            }
        });

        for (var i = 0; i < 3; i++)
        {
            var reply = await requester.RequestAsync("client.t3.echo", Encoding.UTF8.GetBytes($"q{i}"), TimeSpan.FromSeconds(10));
            Assert.Equal($"re:q{i}", Encoding.UTF8.GetString(reply.Data.Span));
        }

        var error = await Assert.ThrowsAsync<NatsException>(() => requester.RequestAsync("client.t3.nobody", "x"u8.ToArray(), TimeSpan.FromSeconds(10)));
        Assert.True(error.IsNoResponders);
        await service.DisposeAsync();
        await serve;
    }

    [Fact]
    public async Task A_slow_subscriber_drops_and_counts_instead_of_growing_without_bound()
    {
        await using var nc = await ConnectAsync(fixture.Server.Url, o => o with { SubscriptionCapacity = 10 });
        await using var sub = await nc.SubscribeAsync("client.t4");
        for (var i = 0; i < 100; i++)
        {
            await nc.PublishAsync("client.t4", "x"u8.ToArray());
        }

        await nc.FlushAsync(CancellationToken.None); // PONG comes after all 100 MSGs were dispatched
        Assert.Equal(90, sub.Dropped);
        var kept = 0;
        while (sub.Messages.TryRead(out _))
        {
            kept++;
        }

        Assert.Equal(10, kept);
    }

    [Fact]
    public async Task Drain_hands_out_everything_already_delivered_then_closes()
    {
        var nc = await ConnectAsync(fixture.Server.Url);
        var sub = await nc.SubscribeAsync("client.t5");
        await using var publisher = await ConnectAsync(fixture.Server.Url);
        for (var i = 0; i < 500; i++)
        {
            await publisher.PublishAsync("client.t5", Encoding.UTF8.GetBytes(i.ToString()));
        }

        await publisher.FlushAsync(CancellationToken.None);
        var received = 0;
        var reader = Task.Run(async () =>
        {
            await foreach (var _ in sub.Messages.ReadAllAsync())
            {
                received++;
            }
        });
        await nc.DrainAsync(CancellationToken.None);
        await reader.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(500, received);
        Assert.Equal(NatsConnectionState.Closed, nc.State);
    }
}
