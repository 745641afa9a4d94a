import { RecordQueue } from '../../../../workers/hot-path/record-queue';

/** A sink that holds each batch until the test lets it through, like a stalled database. */
function stallingSink() {
  const written: number[] = [];
  let release: (() => void) | undefined;
  let stalled = true;
  return {
    written,
    sink: async (batch: readonly number[]) => {
      if (stalled) await new Promise<void>((resolve) => (release = resolve));
      written.push(...batch);
    },
    recover() {
      stalled = false;
      release?.();
    },
  };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('RecordQueue', () => {
  it('stops trading when the writer is full, keeps every record in order, and resumes once written down', async () => {
    const database = stallingSink();
    const events: string[] = [];
    const queue = new RecordQueue<number>({
      sink: database.sink, capacity: 4, batchSize: 2, flushIntervalMs: 0,
      onFull: (alarm) => events.push(`full ${alarm.depth}/${alarm.capacity}`),
      onDrained: () => events.push('drained'),
    });
    for (let record = 1; record <= 7; record++) queue.offer(record);
    expect(events).toEqual(['full 4/4']);
    expect(queue.isFull).toBe(true);
    expect(queue.depth).toBe(7);

    queue.pump();
    expect(events).toEqual(['full 4/4']);

    database.recover();
    await settle();
    queue.pump();
    await settle();
    queue.pump();
    expect(events).toEqual(['full 4/4', 'drained']);
    expect(queue.isFull).toBe(false);
    await queue.close();
    expect(database.written).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('keeps a record offered while others are held behind them', async () => {
    const database = stallingSink();
    const queue = new RecordQueue<number>({ sink: database.sink, capacity: 2, batchSize: 2, flushIntervalMs: 0, onFull: () => undefined, onDrained: () => undefined });
    queue.offer(1);
    queue.offer(2);
    queue.offer(3);
    database.recover();
    await settle();
    // The writer has room again, but 4 must not overtake 3.
    queue.offer(4);
    await queue.close();
    expect(database.written).toEqual([1, 2, 3, 4]);
  });
});
