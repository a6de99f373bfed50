# Writes N distinct seed 001 events (JSON lines) for 10,000 customers to stdout.
import sys, json
n = int(sys.argv[1])
types = ["data_usage", "recharge", "call_outgoing", "app_login", "qoe_issue"]
out = sys.stdout
for i in range(n):
    e = {"source": "in", "source_name": "IN System", "customer_id": str(2547000000 + i % 10000),
         "event_type": types[i % 5], "timestamp": "2025-03-%02dT%02d:%02d:%02d.%06dZ" % (1 + i % 28, i % 24, i % 60, (i // 60) % 60, i % 1000000),
         "value": (i % 97) + 0.5, "metadata": {"seq": i, "network_type": "4G"}}
    out.write(json.dumps(e) + "\n")
