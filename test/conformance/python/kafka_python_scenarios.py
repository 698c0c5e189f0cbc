"""kafka-python 2.0 scenarios against a Kafka-protocol broker. Prints one JSON line of results.

usage: python3 kafka_python_scenarios.py <bootstrap> <scenario>
"""
import json
import sys

from kafka import KafkaAdminClient, KafkaConsumer, KafkaProducer, TopicPartition
from kafka.admin import NewTopic, NewPartitions, ConfigResource, ConfigResourceType

bootstrap, scenario = sys.argv[1], sys.argv[2]
out = {}

if scenario == 'admin':
    admin = KafkaAdminClient(bootstrap_servers=bootstrap)
    admin.create_topics([NewTopic('kp-admin', 2, 1, topic_configs={'cleanup.policy': 'compact'})])
    out['topics'] = sorted(t for t in admin.list_topics() if not t.startswith('__'))
    admin.create_partitions({'kp-admin': NewPartitions(total_count=4)})
    meta = admin.describe_topics(['kp-admin'])
    out['partitions'] = len(meta[0]['partitions'])
    cfg = admin.describe_configs([ConfigResource(ConfigResourceType.TOPIC, 'kp-admin')])
    entries = {e[0]: e[1] for e in cfg[0].resources[0][4]}
    out['cleanup.policy'] = entries.get('cleanup.policy')
    admin.delete_topics(['kp-admin'])
    out['after_delete'] = sorted(t for t in admin.list_topics() if not t.startswith('__'))
    admin.close()

elif scenario.startswith('produce-'):
    codec = scenario.split('-', 1)[1]
    topic = 'kp-' + codec
    p = KafkaProducer(bootstrap_servers=bootstrap, acks='all',
                      compression_type=None if codec == 'none' else codec)
    futures = [p.send(topic, key=b'k%d' % (i % 5), value=(b'value-%05d-' % i) + b'y' * 200) for i in range(500)]
    p.flush()
    offsets = [f.get(timeout=30).offset for f in futures]
    p.close()
    c = KafkaConsumer(topic, bootstrap_servers=bootstrap, auto_offset_reset='earliest',
                      enable_auto_commit=False, consumer_timeout_ms=5000)
    values = []
    for m in c:
        values.append(m.value[:11].decode())
        if len(values) == 500:
            break
    c.close()
    out['offsets_contiguous'] = offsets == list(range(500))
    out['consumed'] = len(values)
    out['in_order'] = values == [('value-%05d' % i) for i in range(500)]

elif scenario == 'group':
    admin = KafkaAdminClient(bootstrap_servers=bootstrap)
    admin.create_topics([NewTopic('kp-group', 3, 1)])
    admin.close()
    p = KafkaProducer(bootstrap_servers=bootstrap, acks='all')
    for i in range(300):
        p.send('kp-group', key=b'%d' % i, value=b'%d' % i)
    p.flush()
    p.close()

    def consume(limit):
        c = KafkaConsumer('kp-group', bootstrap_servers=bootstrap, group_id='kp-g', auto_offset_reset='earliest',
                          enable_auto_commit=False, consumer_timeout_ms=4000)
        got = []
        for m in c:
            got.append(int(m.value))
            if len(got) == limit:
                break
        c.commit()
        committed = sum(c.committed(TopicPartition('kp-group', p)) or 0 for p in range(3))
        c.close()
        return got, committed

    first, committed1 = consume(300)
    second, committed2 = consume(300)
    out['first'] = len(set(first))
    out['committed'] = committed1
    out['second'] = len(second)
    admin = KafkaAdminClient(bootstrap_servers=bootstrap)
    groups = admin.list_consumer_groups()
    out['groups'] = sorted(g[0] for g in groups)
    desc = admin.describe_consumer_groups(['kp-g'])
    out['group_state'] = desc[0].state
    offsets = admin.list_consumer_group_offsets('kp-g')
    out['group_offsets'] = sum(o.offset for o in offsets.values())
    admin.close()

print(json.dumps(out))
