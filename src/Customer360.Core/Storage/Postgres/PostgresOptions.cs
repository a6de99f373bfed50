namespace Customer360.Core.Storage.Postgres;

public sealed class PostgresOptions
{
    /// <summary>An Npgsql connection string, e.g. <c>Host=db;Database=customer360;Username=c360;Password=...</c>.</summary>
    public required string ConnectionString { get; init; }

    /// <summary>How often a batch is tried when PostgreSQL aborts it for a deadlock or a concurrent duplicate.</summary>
    public int MaxAttempts { get; init; } = 8;
}
