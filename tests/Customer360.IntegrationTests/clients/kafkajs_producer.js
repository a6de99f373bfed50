// A Node.js producer with kafkajs: sends each JSON line of argv[4] to topic argv[3], keyed by customer id.
const { Kafka, logLevel } = require('kafkajs');

async function main() {
  const [, , brokers, topic, json] = process.argv;
  const kafka = new Kafka({ clientId: 'kafkajs-test', brokers: brokers.split(','), logLevel: logLevel.WARN });
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  const events = JSON.parse(json);
  await producer.send({
    topic,
    messages: events.map(e => ({ key: e.customer_id ?? null, value: JSON.stringify(e) })),
  });
  await producer.disconnect();
  console.log(`sent ${events.length}`);
}

main().catch(err => { console.error(err); process.exit(1); });
