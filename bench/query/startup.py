#!/usr/bin/env python3
"""Time from process start to GET /health == 200 for `c360 serve`, on each given database, beside the same-run
floor of starting the runtime at all (`c360 --help`: the .NET host, the CLI's assemblies, no web host).
Usage: bench/query/startup.py C360_DLL DB [DB ...] [--runs 5]"""
import http.client, os, statistics, subprocess, sys, tempfile, time

args = sys.argv[1:]
runs = 5
if '--runs' in args:
    i = args.index('--runs'); runs = int(args[i + 1]); del args[i:i + 2]
dll, dbs = args[0], args[1:]
port = 18360 + os.getpid() % 1000


def healthy_ms(db):
    start = time.monotonic()
    p = subprocess.Popen(['dotnet', dll, 'serve', '--db', db, '--urls', f'http://127.0.0.1:{port}'],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while time.monotonic() - start < 60:
            try:
                c = http.client.HTTPConnection('127.0.0.1', port, timeout=1)
                c.request('GET', '/health')
                if c.getresponse().status == 200:
                    return (time.monotonic() - start) * 1000
            except OSError:
                pass
            time.sleep(0.005)
        raise RuntimeError(f'{db}: not healthy within 60 s')
    finally:
        p.terminate(); p.wait()


def help_ms():
    start = time.monotonic()
    subprocess.run(['dotnet', dll, '--help'], stdout=subprocess.DEVNULL, check=True)
    return (time.monotonic() - start) * 1000


def load():
    return ' '.join(open('/proc/loadavg').read().split()[:3])


print(f'# startup {time.strftime("%Y-%m-%d %H:%M", time.gmtime())} UTC, {dll}, {runs} runs each (median, max), load {load()}')
print()
print('| database | size | serve -> /health 200 | max | `c360 --help` (runtime floor) | ratio |')
print('|---|---|---|---|---|---|')
for db in dbs:
    if db == 'empty':
        db = os.path.join(tempfile.mkdtemp(prefix='c360-startup-'), 'empty.db')
    serve, floor = [], []
    for _ in range(runs):  # interleaved, so both see the same load
        floor.append(help_ms())
        serve.append(healthy_ms(db))
    size = os.path.getsize(db) // 1048576
    print(f'| {db} | {size} MB | {statistics.median(serve):.0f} ms | {max(serve):.0f} ms | {statistics.median(floor):.0f} ms | {statistics.median(serve) / statistics.median(floor):.1f} |')
print()
print(f'load at end: {load()}')
