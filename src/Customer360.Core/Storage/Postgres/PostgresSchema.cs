using Npgsql;

namespace Customer360.Core.Storage.Postgres;

/// <summary>
/// The PostgreSQL schema, versioned in <c>schema_version</c>. Every instance migrates on start; a transaction-level
/// advisory lock makes N instances starting at once apply each step exactly once (DDL is transactional here).
/// </summary>
internal static class PostgresSchema
{
    /// <summary>Two-int advisory key space: never collides with the bigint keys that lock customers.</summary>
    internal const int LockClass = 360360;

    private static readonly string[] Migrations = [PostgresSchemaV1.Sql, PostgresSchemaV2.Sql];

    public static int Version => Migrations.Length;

    /// <summary>Tables a replay empties and rebuilds from the raw log.</summary>
    public const string ProjectionTables =
        "customers, loyalty, credit, usage, consent, timeline, purchases, work_orders, knowledge, credit_usages, credit_alerts, entitlements, aliases, identifiers";

    /// <summary>Applies the missing steps; returns the version the database is at afterwards.</summary>
    public static async Task<int> MigrateAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, tx, $"SELECT pg_advisory_xact_lock({LockClass}, 1)", cancellationToken);
        await ExecuteAsync(connection, tx, """
            CREATE TABLE IF NOT EXISTS schema_version (
                version    integer PRIMARY KEY,
                applied_at timestamptz NOT NULL DEFAULT now()
            )
            """, cancellationToken);
        await using (var read = new NpgsqlCommand("SELECT COALESCE(max(version), 0) FROM schema_version", connection, tx))
        {
            var current = Convert.ToInt32(await read.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
            if (current > Version)
            {
                throw new InvalidOperationException($"the database schema is at version {current}, newer than this build knows ({Version}); upgrade Customer360");
            }

            for (var v = current + 1; v <= Version; v++)
            {
                await ExecuteAsync(connection, tx, Migrations[v - 1], cancellationToken);
                await ExecuteAsync(connection, tx, $"INSERT INTO schema_version (version) VALUES ({v})", cancellationToken);
            }
        }

        await tx.CommitAsync(cancellationToken);
        return Version;
    }

    private static async Task ExecuteAsync(NpgsqlConnection c, NpgsqlTransaction tx, string sql, CancellationToken cancellationToken)
    {
        await using var cmd = new NpgsqlCommand(sql, c, tx);
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }
}
