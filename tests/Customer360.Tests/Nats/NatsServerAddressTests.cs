using Customer360.Ingestion.Nats;
using Customer360.Ingestion.Nats.Client;
using Xunit;

namespace Customer360.Tests.Nats;

public sealed class NatsServerAddressTests
{
    [Theory]
    [InlineData("nats://10.0.0.5:4333", "10.0.0.5", 4333, null, null)]
    [InlineData("nats://localhost", "localhost", 4222, null, null)]
    [InlineData("127.0.0.1:4223", "127.0.0.1", 4223, null, null)]
    [InlineData("nats://svc:p%40ss@host:1", "host", 1, "svc", "p@ss")]
    [InlineData(" nats://tok@host:2 ", "host", 2, "tok", null)]
    public void Server_urls_in_every_form_the_seed_accepts_are_understood(string url, string host, int port, string? user, string? password) =>
        Assert.Equal(new NatsServerAddress(host, port, user, password), NatsServerAddress.Parse(url));

    [Fact]
    public void Passwords_never_reach_the_logs() =>
        Assert.Equal("nats://***@host:4222", NatsServerAddress.Redact("nats://svc:secret@host:4222"));

    [Fact]
    public void Comma_lists_from_environment_variables_are_split_and_durable_names_made_valid()
    {
        var options = new NatsOptions { Servers = "nats://a:4222, nats://b:4222,", Subjects = "customer.events.>,billing.events.>", QueueGroup = "customeriq.cluster" };
        Assert.Equal(["nats://a:4222", "nats://b:4222"], options.ServerList);
        Assert.Equal(["customer.events.>", "billing.events.>"], options.SubjectList);
        Assert.Equal("customeriq_cluster", options.DurableName);
    }
}
