# The seed 001 Python example, verbatim but for the broker address (argv[1]) and the events it sends.
import sys
from kafka import KafkaProducer
import json
from datetime import datetime

# Setup (do this once)
producer = KafkaProducer(
    bootstrap_servers=[sys.argv[1]],
    value_serializer=lambda v: json.dumps(v).encode('utf-8')
)

# When event happens (call this whenever something happens)
def send_customer_event(customer_id, event_type, value=None, metadata=None):
    event = {
        'source': 'in',  # Change to your system name
        'source_name': 'IN System',
        'customer_id': customer_id,
        'event_type': event_type,
        'timestamp': datetime.now().isoformat() + 'Z',
        'value': value,
        'metadata': metadata or {}
    }

    producer.send('customer-events', event)
    producer.flush()  # Make sure it's sent

# Example: Customer used 500 MB of data
send_customer_event(
    customer_id='1234567890',
    event_type='data_usage',
    value=500.0,
    metadata={'network_type': '4G', 'location': 'city_name'}
)

# Example: Customer recharged $50
send_customer_event(
    customer_id='1234567890',
    event_type='recharge',
    value=50.0,
    metadata={'payment_method': 'credit_card'}
)
print("sent 2")
