using Xunit;

namespace Customer360.IntegrationTests.Nats;

/// <summary>One shared JetStream-enabled nats-server for the NATS collection; tests use their own subjects.</summary>
public sealed class NatsServerFixture : IAsyncLifetime
{
    public NatsServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await NatsServer.StartAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class NatsServerGroup : ICollectionFixture<NatsServerFixture>
{
    public const string Name = "nats";
}
