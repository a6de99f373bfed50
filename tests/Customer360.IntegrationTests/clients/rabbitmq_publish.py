#!/usr/bin/python3
"""Publishes the JSON events of a JSONL file to a topic exchange as a Python service does with pika:
routing key = the event's `event` field, persistent, publisher confirms.
Usage: rabbitmq_publish.py AMQP_URL EXCHANGE FILE.jsonl"""
import json
import sys

import pika

url, exchange, path = sys.argv[1:4]
connection = pika.BlockingConnection(pika.URLParameters(url))
channel = connection.channel()
channel.exchange_declare(exchange=exchange, exchange_type="topic", durable=True)
channel.confirm_delivery()  # basic_publish now waits for the broker's ack
count = 0
with open(path, encoding="utf-8") as f:
    for line in f:
        if not line.strip():
            continue
        event = json.loads(line)
        channel.basic_publish(
            exchange=exchange,
            routing_key=event["event"],
            body=json.dumps(event),
            properties=pika.BasicProperties(content_type="application/json", delivery_mode=2),
        )
        count += 1
connection.close()
print(f"published {count}")
