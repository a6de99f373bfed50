#!/usr/bin/env bash
# Installs what the tests need on a fresh Debian machine: the real servers the fixtures start (RabbitMQ,
# NATS, PostgreSQL), librdkafka for Kafka and its mock cluster, the producers users run (kcat, kafka-python,
# pika, npm nats/kafkajs/amqplib) and Chromium for the browser tests. Idempotent: skips what is there.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(sqlite3 kcat librdkafka1 python3-kafka python3-pika rabbitmq-server nats-server postgresql chromium)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing Debian packages: ${missing[*]}"
  if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The Debian packages start system services where they can; our fixtures run their own throwaway nodes.
for svc in rabbitmq-server nats-server postgresql; do
  (service "$svc" stop >/dev/null 2>&1 || true)
done

if [ ! -d tests/Customer360.IntegrationTests/clients/node_modules ]; then
  echo "Installing npm test clients (nats, kafkajs, amqplib)"
  (cd tests/Customer360.IntegrationTests/clients && npm install --no-audit --no-fund --loglevel=error)
fi
