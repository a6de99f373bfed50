#!/usr/bin/env python3
"""Seeded mixed-dialect events for the import and query benchmarks: 75% telecom meters over C/2 MSISDNs,
25% customeriq purchases / tickets / contacts / repairs over C/2 customers (C defaults to 40,000).
Usage: bench/gen_mixed_events.py N [C] > events.jsonl
e.g. bench/gen_mixed_events.py 10000000 1000000 > events-10m.jsonl   (10M events over 1M customers)"""
import json, random, sys

n = int(sys.argv[1]) if len(sys.argv) > 1 else 100000
half = (int(sys.argv[2]) if len(sys.argv) > 2 else 40000) // 2
random.seed(1)
types = ['data_usage', 'recharge', 'call_outgoing', 'app_login', 'data_usage', 'data_usage']
out = sys.stdout
for i in range(n):
    c = random.randrange(half)
    if i % 4 == 0:
        e = {"customer_id": "cust_%d" % c, "event_type": random.choice(['purchase', 'support_ticket', 'contact', 'repair']),
             "timestamp": 1734134400 + i, "source_service": "svc",
             "data": {"purchase_id": "o%d" % i, "product_name": "Item %d" % (i % 50), "total": round(random.random() * 100, 2),
                      "title": "Ticket %d" % i, "description": "Customer reports issue number %d with device" % i}}
    else:
        e = {"source": "in", "customer_id": "%010d" % c, "event_type": random.choice(types),
             # a new day per million events keeps the microseconds six digits wide (same lines as before below 1M)
             "timestamp": "2024-01-%02dT10:%02d:%02d.%06dZ" % (15 + i // 1000000, i // 60 % 60, i % 60, i % 1000000),
             "value": round(random.random() * 500, 1), "metadata": {"network_type": "4G"}}
    out.write(json.dumps(e, separators=(',', ':')) + '\n')
