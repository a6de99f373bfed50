namespace Customer360.Core.Storage.Sqlite;

/// <summary>
/// Version 3: the audit log. Append-only in the database itself: triggers abort any UPDATE or DELETE (the
/// truncate optimisation is off for tables with triggers, so a bare DELETE is refused too).
/// </summary>
internal static class SqliteSchemaV3
{
    public const string Sql = """
        CREATE TABLE IF NOT EXISTS audit_log (
            id     INTEGER PRIMARY KEY AUTOINCREMENT,
            at     TEXT NOT NULL,
            actor  TEXT NOT NULL,
            tenant TEXT NOT NULL,
            action TEXT NOT NULL,
            target TEXT,
            detail TEXT NOT NULL DEFAULT '{}'
        );
        CREATE INDEX IF NOT EXISTS audit_log_tenant ON audit_log (tenant, id);
        CREATE TRIGGER IF NOT EXISTS audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
        CREATE TRIGGER IF NOT EXISTS audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
        """;
}
