namespace Customer360.IntegrationTests.Postgres;

/// <summary>One PostgreSQL cluster shared by every PostgreSQL test class of the run.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresGroup : ICollectionFixture<PostgresCluster>
{
    public const string Name = "postgres";
}
