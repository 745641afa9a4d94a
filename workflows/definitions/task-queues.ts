/**
 * Broker activities run on their own task queue, named after the orchestration queue, so the broker worker's rate
 * limit covers every broker call and tests with their own orchestration queue get their own broker queue too.
 */
export function brokerTaskQueueFor(orchestrationTaskQueue: string): string {
  return `${orchestrationTaskQueue}-broker`;
}
