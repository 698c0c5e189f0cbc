import { TopicError, type Topic } from '../topics/topic-manager.js';
import { topicNameProblem } from '../topics/topic-name.js';
import type { BrokerContext } from './broker-context.js';

/**
 * The topic, auto-created with the broker's default partition count when allowed
 * (auto.create.topics.enable); undefined when it does not exist and may not be created.
 */
export async function ensureTopic(broker: BrokerContext, name: string, allowCreate: boolean): Promise<Topic | undefined> {
  const existing = broker.topics.get(name);
  if (existing || !allowCreate || !broker.autoCreateTopics || topicNameProblem(name) !== null) return existing;
  try {
    return await broker.topics.create(name, broker.defaultPartitions);
  } catch (err) {
    // A concurrent request created it first.
    if (err instanceof TopicError) return broker.topics.get(name);
    throw err;
  }
}
