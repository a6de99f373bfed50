// The seed 004 Node.js microservice code (npm `nats`), publishing to customer.events.{customer_id}.{event_type}.
// Usage: node nats-seed-publisher.js <servers> <customer_id> all|email-only [email]
const { connect, StringCodec } = require('nats');

const [servers, customerId, mode, email] = process.argv.slice(2);

async function publishCustomerEvent(nc, customerId, eventType, data, timestamp) {
  const sc = StringCodec();

  const event = {
    customer_id: customerId,
    event_type: eventType,
    timestamp: timestamp || Math.floor(Date.now() / 1000),
    source_service: 'my-service',
    data: data,
    metadata: {}
  };
  if (!customerId) delete event.customer_id;

  const subject = `customer.events.${customerId || 'unknown'}.${eventType}`;
  nc.publish(subject, sc.encode(JSON.stringify(event)));
}

async function main() {
  const nc = await connect({ servers: servers.split(',') });
  const now = Math.floor(Date.now() / 1000);
  if (mode === 'email-only') {
    await publishCustomerEvent(nc, undefined, 'purchase', {
      purchase_id: `ord_email_${now}`, product_name: 'Premium Widget', total: 99.99, email: email
    }, now);
  } else {
    await publishCustomerEvent(nc, customerId, 'purchase', {
      purchase_id: 'ord_12345', product_name: 'Wireless Headphones Pro', product_sku: 'WHP-2000', quantity: 1,
      price: 299.99, total: 299.99, warranty_expires: 1765670400, customer_name: 'John Smith', email: 'john.smith@example.com'
    }, now - 50);
    await publishCustomerEvent(nc, customerId, 'support_ticket', {
      ticket_id: 'TKT-5678', title: 'Product not working', description: 'Bluetooth pairing is inconsistent...',
      status: 'open', priority: 'high', category: 'technical', important: true, save_as_memory: true
    }, now - 40);
    await publishCustomerEvent(nc, customerId, 'repair', {
      work_order_id: 'WO-9999', order_type: 'repair', issue_description: 'Bluetooth module needs replacement',
      status: 'open', priority: 'medium', assigned_to: 'technician_05', product_id: 'WHP-2000'
    }, now - 30);
    await publishCustomerEvent(nc, customerId, 'contact', {
      title: 'Customer inquiry', message: 'When will my order arrive?'
    }, now - 20);
    await publishCustomerEvent(nc, customerId, 'profile_update', {
      phone: '+1-555-0100', company: 'Acme Corp'
    }, now - 10);
    await publishCustomerEvent(nc, customerId, 'note', {
      content: 'Prefers email contact, never call before 10am', category: 'preference', importance: 'high'
    }, now);
  }
  await nc.drain();
  console.log('published');
}

main().catch((err) => { console.error(err); process.exit(1); });
