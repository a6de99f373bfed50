using Xunit;

namespace Customer360.IntegrationTests.Kafka;

[CollectionDefinition(Name)]
public sealed class KafkaTests : ICollectionFixture<KafkaFixture>
{
    public const string Name = "kafka";
}
