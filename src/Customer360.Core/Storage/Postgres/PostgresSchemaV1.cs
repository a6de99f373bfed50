namespace Customer360.Core.Storage.Postgres;

/// <summary>
/// Version 1: the SQLite schema's tables in PostgreSQL types (timestamptz, numeric money, jsonb payloads, bytea
/// raw bytes), tsvector columns with GIN indexes instead of FTS5 tables, and the customer lock function.
/// </summary>
internal static class PostgresSchemaV1
{
    public const string Sql = """
        CREATE TABLE events (
            seq          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            tenant_id    text NOT NULL,
            event_id     text NOT NULL,
            customer_id  text NOT NULL,
            type         text NOT NULL,
            occurred_at  timestamptz NOT NULL,
            dialect      text NOT NULL,
            source       text NOT NULL,
            origin       text NOT NULL,
            received_at  timestamptz NOT NULL,
            tenant_hint  text,
            broker_time  timestamptz,
            raw          bytea NOT NULL,
            UNIQUE (tenant_id, event_id)
        );
        CREATE TABLE customers (
            tenant_id          text NOT NULL,
            id                 text NOT NULL,
            name               text,
            email              text,
            phone              text,
            company            text,
            status             text,
            segment            text,
            customer_type      text,
            primary_contact_id text,
            customer_since     timestamptz,
            first_seen_at      timestamptz,
            last_seen_at       timestamptz,
            lifetime_value     numeric NOT NULL DEFAULT 0,
            tags               jsonb NOT NULL DEFAULT '[]',
            custom_fields      jsonb NOT NULL DEFAULT '{}',
            field_times        jsonb NOT NULL DEFAULT '{}',
            events_count       bigint NOT NULL DEFAULT 0,
            purchases_count    bigint NOT NULL DEFAULT 0,
            work_orders_count  bigint NOT NULL DEFAULT 0,
            knowledge_count    bigint NOT NULL DEFAULT 0,
            search             tsvector NOT NULL,
            updated_at         timestamptz NOT NULL,
            PRIMARY KEY (tenant_id, id)
        );
        CREATE INDEX customers_last_seen ON customers (tenant_id, last_seen_at DESC NULLS LAST);
        CREATE INDEX customers_search ON customers USING gin (search);
        CREATE TABLE loyalty (
            tenant_id text NOT NULL, customer_id text NOT NULL,
            points_balance bigint, tier text, lifetime_points bigint,
            lifetime_earned bigint NOT NULL DEFAULT 0, lifetime_redeemed bigint NOT NULL DEFAULT 0,
            PRIMARY KEY (tenant_id, customer_id)
        );
        CREATE TABLE credit (
            tenant_id text NOT NULL, customer_id text NOT NULL,
            credit_limit numeric, available numeric, payment_term_days integer,
            PRIMARY KEY (tenant_id, customer_id)
        );
        CREATE TABLE usage (
            tenant_id text NOT NULL, customer_id text NOT NULL,
            data_usage_mb numeric NOT NULL DEFAULT 0, call_minutes numeric NOT NULL DEFAULT 0,
            recharge_total numeric NOT NULL DEFAULT 0, recharge_count bigint NOT NULL DEFAULT 0,
            last_login_at timestamptz, qoe_issues bigint NOT NULL DEFAULT 0,
            PRIMARY KEY (tenant_id, customer_id)
        );
        CREATE TABLE consent (
            tenant_id text NOT NULL, customer_id text NOT NULL, consent_type text NOT NULL,
            status text NOT NULL, updated_at timestamptz NOT NULL,
            PRIMARY KEY (tenant_id, customer_id, consent_type)
        );
        CREATE TABLE timeline (
            row_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            tenant_id text NOT NULL, event_id text NOT NULL, customer_id text NOT NULL,
            type text NOT NULL, occurred_at timestamptz NOT NULL, source text NOT NULL, dialect text NOT NULL,
            title text, description text, summary text, amount numeric, data jsonb NOT NULL,
            search tsvector,
            UNIQUE (tenant_id, event_id)
        );
        CREATE INDEX timeline_customer ON timeline (tenant_id, customer_id, occurred_at DESC, row_id DESC);
        CREATE INDEX timeline_search ON timeline USING gin (search) WHERE search IS NOT NULL;
        CREATE TABLE purchases (
            tenant_id text NOT NULL, id text NOT NULL, customer_id text NOT NULL,
            product_name text, sku text, quantity numeric, price numeric, total numeric, currency text,
            purchased_at timestamptz NOT NULL, warranty_expires timestamptz, event_id text NOT NULL, data jsonb NOT NULL,
            PRIMARY KEY (tenant_id, id)
        );
        CREATE INDEX purchases_customer ON purchases (tenant_id, customer_id);
        CREATE TABLE work_orders (
            tenant_id text NOT NULL, id text NOT NULL, customer_id text NOT NULL,
            order_type text, description text, summary text, status text, priority text, assigned_to text,
            product_id text, cost numeric, created_at timestamptz NOT NULL, updated_at timestamptz NOT NULL, event_id text NOT NULL, data jsonb NOT NULL,
            PRIMARY KEY (tenant_id, id)
        );
        CREATE INDEX work_orders_customer ON work_orders (tenant_id, customer_id);
        CREATE TABLE knowledge (
            tenant_id text NOT NULL, id text NOT NULL, customer_id text NOT NULL,
            content text NOT NULL, summary text, category text, importance text, source text,
            created_at timestamptz NOT NULL, event_id text NOT NULL,
            PRIMARY KEY (tenant_id, id)
        );
        CREATE INDEX knowledge_customer ON knowledge (tenant_id, customer_id);
        CREATE TABLE credit_usages (
            tenant_id text NOT NULL, id text NOT NULL, customer_id text NOT NULL,
            order_id text, amount numeric, available_after numeric, due_date text, used_at timestamptz NOT NULL, event_id text NOT NULL,
            PRIMARY KEY (tenant_id, id)
        );
        CREATE INDEX credit_usages_customer ON credit_usages (tenant_id, customer_id);
        CREATE TABLE credit_alerts (
            tenant_id text NOT NULL, id text NOT NULL, customer_id text NOT NULL, kind text NOT NULL,
            attempted_amount numeric, available numeric, shortfall numeric, at timestamptz NOT NULL, event_id text NOT NULL,
            PRIMARY KEY (tenant_id, id)
        );
        CREATE INDEX credit_alerts_customer ON credit_alerts (tenant_id, customer_id);
        CREATE TABLE entitlements (
            tenant_id text NOT NULL, id text NOT NULL, customer_id text NOT NULL,
            product text, status text, activated_at timestamptz NOT NULL, event_id text NOT NULL, data jsonb NOT NULL,
            PRIMARY KEY (tenant_id, id)
        );
        CREATE INDEX entitlements_customer ON entitlements (tenant_id, customer_id);
        CREATE TABLE aliases (
            tenant_id text NOT NULL, alias_id text NOT NULL, customer_id text NOT NULL,
            reason text, event_id text NOT NULL, created_at timestamptz NOT NULL,
            PRIMARY KEY (tenant_id, alias_id)
        );
        CREATE INDEX aliases_customer ON aliases (tenant_id, customer_id);
        CREATE TABLE identifiers (
            tenant_id text NOT NULL, kind text NOT NULL, value text NOT NULL, customer_id text NOT NULL,
            PRIMARY KEY (tenant_id, kind, value)
        );
        CREATE INDEX identifiers_customer ON identifiers (tenant_id, customer_id);
        -- Merges undone by an unmerge: kept beside the raw log (not a projection table), so replays skip them too.
        CREATE TABLE cancelled_merges (
            tenant_id text NOT NULL, event_id text NOT NULL, cancelled_at timestamptz NOT NULL,
            PRIMARY KEY (tenant_id, event_id)
        );
        CREATE TABLE dead_letters (
            id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            received_at timestamptz NOT NULL, source text NOT NULL, origin text NOT NULL,
            tenant_hint text, dialect_hint text, broker_time timestamptz,
            reason text NOT NULL, raw bytea NOT NULL,
            retries integer NOT NULL DEFAULT 0, last_retry_at timestamptz
        );

        -- Transaction-scoped advisory locks on customers and identifiers, keyed by a hash of 'c<US>tenant<US>id' or
        -- 'i<US>tenant<US>kind<US>value'. Taken in hash order, so two batches locking the same keys cannot deadlock.
        CREATE PROCEDURE c360_lock(keys text[]) LANGUAGE plpgsql AS $fn$
        DECLARE h bigint;
        BEGIN
            FOR h IN SELECT DISTINCT hashtextextended(k, 0) FROM unnest(keys) AS k ORDER BY 1 LOOP
                PERFORM pg_advisory_xact_lock(h);
            END LOOP;
        END
        $fn$;
        -- Before a merge moves them: the keys of every alias and identifier that points at the merged-away customer.
        CREATE PROCEDURE c360_lock_merge(tenant text, customer text) LANGUAGE plpgsql AS $fn$
        DECLARE keys text[];
        BEGIN
            keys := ARRAY(
                SELECT 'c' || chr(31) || tenant || chr(31) || alias_id FROM aliases WHERE tenant_id = tenant AND customer_id = customer
                UNION ALL
                SELECT 'i' || chr(31) || tenant || chr(31) || kind || chr(31) || value FROM identifiers WHERE tenant_id = tenant AND customer_id = customer);
            CALL c360_lock(keys);
        END
        $fn$;
        """;
}
