using Xunit;

namespace Customer360.IntegrationTests.RabbitMq;

/// <summary>Test classes in this collection share one RabbitMQ node and run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class RabbitMqCollectionDefinition : ICollectionFixture<RabbitMqFixture>
{
    public const string Name = "rabbitmq";
}
