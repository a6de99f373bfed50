#!/usr/bin/python3
"""Customer360 PostgreSQL scale-out benchmark.

Starts a throwaway PostgreSQL 15 cluster, then for each configuration (SQLite x1, PostgreSQL x1, x2, x3) starts
that many `c360 serve` processes, posts the same event set to them over HTTP (batches of --batch events, several
client threads, round-robin over the instances) and measures events/s from the first request to the last 202.
Every run checks /api/stats afterwards: events == produced, no duplicates. Stdlib only; run with /usr/bin/python3.
"""
import argparse, json, os, shutil, socket, subprocess, sys, tempfile, threading, time, urllib.request

PG_BIN = "/usr/lib/postgresql/15/bin"
WARM = 200


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def as_postgres(cmd):
    return (["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []) + cmd


def events(n, customers):
    """A deterministic mix: telecom meters (70%), customeriq purchases with email (20%), CRM profile updates (10%)."""
    out = []
    for i in range(n):
        c = i % customers
        ts = 1735689600 + i
        iso = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(ts))
        k = i % 10
        if k < 7:
            kind = ["recharge", "data_usage", "call_outgoing"][i % 3]
            out.append({"source": "in", "customer_id": f"b{c}", "event_type": kind, "timestamp": iso, "value": (i % 50) + 0.5})
        elif k < 9:
            out.append({"customer_id": f"b{c}", "event_type": "purchase", "timestamp": ts, "source_service": "shop",
                        "data": {"purchase_id": f"p{i}", "product_name": f"Widget {i % 97}", "total": (i % 200) + 1,
                                 "email": f"user{c}@bench.example", "customer_name": f"Bench User {c}"}})
        else:
            out.append({"eventType": "CustomerProfileUpdatedEvent", "eventId": f"crm-{i}", "timestamp": iso, "tenantId": "default",
                        "payload": {"customerId": f"b{c}", "segment": ["gold", "silver", "bronze"][i % 3], "status": "ACTIVE"}})
    return out


def wait_health(port, proc, timeout=90):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"c360 exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError("c360 did not become healthy")


def stats(port):
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/stats", timeout=30) as r:
        return json.load(r)


def run(c360, instances, env_extra, bodies, threads, workdir):
    procs, ports = [], []
    try:
        for k in range(instances):
            port = free_port()
            env = dict(os.environ, **env_extra)
            log = open(os.path.join(workdir, f"c360-{k}-{port}.log"), "w")
            db = os.path.join(workdir, f"sqlite-{port}.db")
            procs.append(subprocess.Popen(["dotnet", c360, "serve", "--db", db, "--urls", f"http://127.0.0.1:{port}"],
                                          env=env, stdout=log, stderr=subprocess.STDOUT))
            ports.append(port)
        for p, port in zip(procs, ports):
            wait_health(port, p)
            # Warm-up (JIT, connection pool) outside the timed part: a batch of its own customers, counted in `warm`.
            warm = json.dumps([{"source": "in", "customer_id": f"warm{port}-{i}", "event_type": "recharge",
                                "timestamp": "2025-01-01T00:00:00Z", "value": 1} for i in range(WARM)]).encode()
            urllib.request.urlopen(urllib.request.Request(f"http://127.0.0.1:{port}/api/events", data=warm, method="POST",
                                                          headers={"Content-Type": "application/json"}), timeout=120).close()

        next_batch = iter(range(len(bodies)))
        lock = threading.Lock()
        errors = []

        def client(t):
            while True:
                with lock:
                    i = next(next_batch, None)
                if i is None:
                    return
                target, body = bodies[i]
                port = ports[target % len(ports)]
                req = urllib.request.Request(f"http://127.0.0.1:{port}/api/events", data=body, method="POST",
                                             headers={"Content-Type": "application/json"})
                try:
                    with urllib.request.urlopen(req, timeout=300) as r:
                        if r.status != 202:
                            errors.append(r.status)
                except Exception as e:  # noqa: BLE001 - reported below
                    errors.append(repr(e))

        workers = [threading.Thread(target=client, args=(t,)) for t in range(threads)]
        start = time.perf_counter()
        for w in workers:
            w.start()
        for w in workers:
            w.join()
        elapsed = time.perf_counter() - start
        if errors:
            raise RuntimeError(f"{len(errors)} failed requests, first: {errors[0]}")
        return elapsed, stats(ports[0])
    finally:
        for p in procs:
            p.kill()
            p.wait()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--c360", default="src/Customer360.Cli/bin/Release/net10.0/c360.dll")
    ap.add_argument("--events", type=int, default=60000)
    ap.add_argument("--customers", type=int, default=3000)
    ap.add_argument("--batch", type=int, default=500)
    ap.add_argument("--threads", type=int, default=6)
    args = ap.parse_args()

    evs = events(args.events, args.customers)

    def unkeyed(instances):
        """Like producers without keys: every batch has every kind of customer, batches round-robin over instances."""
        return [(b, json.dumps(evs[i:i + args.batch]).encode()) for b, i in enumerate(range(0, len(evs), args.batch))]

    def keyed(instances):
        """Like a Kafka group with key = customer id: instance k only sees the customers of its partitions."""
        parts = [[e for j, e in enumerate(evs) if (j % args.customers) % instances == k] for k in range(instances)]
        batches = [(k, json.dumps(p[i:i + args.batch]).encode()) for k, p in enumerate(parts) for i in range(0, len(p), args.batch)]
        return interleave(batches, instances)

    def interleave(batches, instances):
        """Alternate the instances' batches, so the client threads keep every instance busy at once."""
        lanes = [[b for b in batches if b[0] == k] for k in range(instances)]
        return [lane[i] for i in range(max(len(l) for l in lanes)) for lane in lanes if i < len(lane)]
    workdir = tempfile.mkdtemp(prefix="c360-bench-")
    shutil.chown(workdir, "postgres", "postgres") if os.geteuid() == 0 else None
    pg_port = free_port()
    data = os.path.join(workdir, "pgdata")
    subprocess.run(as_postgres([f"{PG_BIN}/initdb", "-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-locale", "--no-sync"]),
                   check=True, stdout=subprocess.DEVNULL)
    subprocess.run(as_postgres([f"{PG_BIN}/pg_ctl", "-D", data, "-l", os.path.join(workdir, "pg.log"), "-w", "-o",
                                f"-p {pg_port} -k {workdir} -c listen_addresses=127.0.0.1 -c shared_buffers=256MB", "start"]),
                   check=True, stdout=subprocess.DEVNULL)
    results = []
    try:
        configs = [("sqlite", 1, unkeyed), ("postgres", 1, unkeyed), ("postgres", 2, unkeyed), ("postgres", 3, unkeyed),
                   ("postgres", 2, keyed), ("postgres", 3, keyed)]
        for n, (provider, instances, split) in enumerate(configs):
            env = {"Logging__LogLevel__Default": "Warning"}
            if provider == "postgres":
                db = f"bench{n}"
                subprocess.run(["psql", "-h", "127.0.0.1", "-p", str(pg_port), "-U", "postgres", "-qc", f"CREATE DATABASE {db}"], check=True)
                env.update({"Storage__Provider": "postgres",
                            "Storage__ConnectionString": f"Host=127.0.0.1;Port={pg_port};Username=postgres;Database={db}"})
            elapsed, st = run(args.c360, instances, env, split(instances), args.threads, workdir)
            ok = st["events"] == len(evs) + WARM * instances
            results.append((provider, f"{instances} {split.__name__}", elapsed, len(evs) / elapsed, st["events"], st["customers"], ok))
            print(f"{provider:8} x{instances} {split.__name__:8}: {len(evs)} events in {elapsed:6.2f}s = {len(evs) / elapsed:8.0f} events/s  "
                  f"(stats: {st['events']} events incl. {WARM * instances} warm-up, {st['customers']} customers, {'OK' if ok else 'MISMATCH'})", flush=True)
    finally:
        subprocess.run(as_postgres([f"{PG_BIN}/pg_ctl", "-D", data, "-m", "immediate", "-w", "stop"]), stdout=subprocess.DEVNULL)
        shutil.rmtree(workdir, ignore_errors=True)

    base = results[0][3]
    print("\n| store | instances, batches | seconds | events/s | vs SQLite x1 |\n|---|---|---|---|---|")
    for provider, instances, elapsed, rate, *_ in results:
        print(f"| {provider} | {instances} | {elapsed:.2f} | {rate:.0f} | {rate / base:.2f} |")
    sys.exit(0 if all(r[6] for r in results) else 1)


if __name__ == "__main__":
    main()
