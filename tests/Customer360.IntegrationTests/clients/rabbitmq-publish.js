// Publishes the JSON events of a JSONL file to a topic exchange as a Node service does with amqplib:
// routing key = the event's `event` field, persistent, confirm channel.
// Usage: node rabbitmq-publish.js AMQP_URL EXCHANGE FILE.jsonl
const amqp = require('amqplib');
const fs = require('fs');

const [url, exchange, path] = process.argv.slice(2);

(async () => {
  const connection = await amqp.connect(url);
  const channel = await connection.createConfirmChannel();
  await channel.assertExchange(exchange, 'topic', { durable: true });
  const lines = fs.readFileSync(path, 'utf8').split('\n').filter((l) => l.trim());
  for (const line of lines) {
    const event = JSON.parse(line);
    channel.publish(exchange, event.event, Buffer.from(JSON.stringify(event)), { persistent: true, contentType: 'application/json' });
  }
  await channel.waitForConfirms();
  await connection.close();
  console.log(`published ${lines.length}`);
})().catch((err) => {
  console.error(err);
  process.exit(1);
});
