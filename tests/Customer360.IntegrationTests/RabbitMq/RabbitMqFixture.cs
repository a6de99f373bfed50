using Xunit;

namespace Customer360.IntegrationTests.RabbitMq;

/// <summary>One throwaway RabbitMQ node for the whole test run (every RabbitMQ test class shares it).</summary>
public sealed class RabbitMqFixture : IAsyncLifetime
{
    private RabbitMqNode? _node;

    public RabbitMqNode Node => _node ?? throw new InvalidOperationException("RabbitMQ node not started");

    public async Task InitializeAsync() => _node = await RabbitMqNode.StartAsync();

    public async Task DisposeAsync()
    {
        if (_node is not null)
        {
            await _node.DisposeAsync();
        }
    }
}
