#!/usr/bin/env python3
"""Seeded mixed-dialect events for the import benchmark: 75% telecom meters over 20k MSISDNs,
25% customeriq purchases / tickets / contacts / repairs over 20k customers.
Usage: bench/gen_mixed_events.py N > events.jsonl"""
import json, random, sys

n = int(sys.argv[1]) if len(sys.argv) > 1 else 100000
random.seed(1)
types = ['data_usage', 'recharge', 'call_outgoing', 'app_login', 'data_usage', 'data_usage']
out = sys.stdout
for i in range(n):
    c = random.randrange(20000)
    if i % 4 == 0:
        e = {"customer_id": "cust_%d" % c, "event_type": random.choice(['purchase', 'support_ticket', 'contact', 'repair']),
             "timestamp": 1734134400 + i, "source_service": "svc",
             "data": {"purchase_id": "o%d" % i, "product_name": "Item %d" % (i % 50), "total": round(random.random() * 100, 2),
                      "title": "Ticket %d" % i, "description": "Customer reports issue number %d with device" % i}}
    else:
        e = {"source": "in", "customer_id": "%010d" % c, "event_type": random.choice(types),
             "timestamp": "2024-01-15T10:%02d:%02d.%06dZ" % (i // 60 % 60, i % 60, i),
             "value": round(random.random() * 500, 1), "metadata": {"network_type": "4G"}}
    out.write(json.dumps(e, separators=(',', ':')) + '\n')
