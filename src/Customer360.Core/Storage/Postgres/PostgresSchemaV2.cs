namespace Customer360.Core.Storage.Postgres;

/// <summary>
/// Version 2: the audit log, append-only in the database: row triggers refuse UPDATE and DELETE, a statement
/// trigger refuses TRUNCATE (a replay's TRUNCATE of the projection tables never names it).
/// </summary>
internal static class PostgresSchemaV2
{
    public const string Sql = """
        CREATE TABLE audit_log (
            id     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            at     timestamptz NOT NULL,
            actor  text NOT NULL,
            tenant text NOT NULL,
            action text NOT NULL,
            target text,
            detail jsonb NOT NULL DEFAULT '{}'
        );
        CREATE INDEX audit_log_tenant ON audit_log (tenant, id);
        CREATE FUNCTION c360_audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $fn$
        BEGIN
            RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = 'insufficient_privilege';
        END
        $fn$;
        CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
            FOR EACH ROW EXECUTE FUNCTION c360_audit_log_append_only();
        CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
            FOR EACH STATEMENT EXECUTE FUNCTION c360_audit_log_append_only();
        """;
}
