import { BatchedWriter, type BatchedWriterOptions, type WriterFullAlarm, type WriterTimers } from '../../../infra/batching/batched-writer';

/** Timers driven by the test: `advance` runs what falls due, letting promise callbacks settle between timers. */
class ManualTimers implements WriterTimers {
  nowMs = 0;
  private nextId = 0;
  private pending: Array<{ id: number; dueMs: number; callback: () => void }> = [];

  setTimeout(callback: () => void, delayMs: number): unknown {
    const id = this.nextId++;
    this.pending.push({ id, dueMs: this.nowMs + delayMs, callback });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.pending = this.pending.filter((timer) => timer.id !== handle);
  }

  get scheduled(): number {
    return this.pending.length;
  }

  async advance(ms: number): Promise<void> {
    const endMs = this.nowMs + ms;
    await settle();
    for (;;) {
      const due = this.pending.filter((timer) => timer.dueMs <= endMs).sort((a, b) => a.dueMs - b.dueMs || a.id - b.id)[0];
      if (!due) break;
      this.pending = this.pending.filter((timer) => timer !== due);
      this.nowMs = due.dueMs;
      due.callback();
      await settle();
    }
    this.nowMs = endMs;
  }
}

async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
}

/** A sink that records batches and fails the next `failures` calls. */
function recordingSink() {
  const batches: number[][] = [];
  const state = { failures: 0, calls: 0 };
  const sink = async (batch: readonly number[]): Promise<void> => {
    state.calls++;
    if (state.failures > 0) {
      state.failures--;
      throw new Error('database unavailable');
    }
    batches.push([...batch]);
  };
  return { batches, state, sink };
}

function writer(overrides: Partial<BatchedWriterOptions<number>> & Pick<BatchedWriterOptions<number>, 'sink'>) {
  const timers = new ManualTimers();
  const alarms: WriterFullAlarm[] = [];
  const errors: Array<{ attempt: number; retryInMs: number }> = [];
  const instance = new BatchedWriter<number>({
    capacity: 10, batchSize: 3, flushIntervalMs: 100, timers,
    onFull: (alarm) => alarms.push(alarm),
    onSinkError: (_error, attempt, retryInMs) => errors.push({ attempt, retryInMs }),
    retryBackoff: { initialDelayMs: 10, maxDelayMs: 40, multiplier: 2 },
    ...overrides,
  });
  return { instance, timers, alarms, errors };
}

describe('BatchedWriter', () => {
  it('writes a full batch at once and a partial batch when its flush interval is up', async () => {
    const { batches, sink } = recordingSink();
    const { instance, timers } = writer({ sink });
    for (const record of [1, 2, 3, 4]) expect(instance.offer(record)).toBe(true);
    await timers.advance(0);
    expect(batches).toEqual([[1, 2, 3]]);
    expect(instance.depth).toBe(1);
    await timers.advance(99);
    expect(batches).toEqual([[1, 2, 3]]);
    await timers.advance(1);
    expect(batches).toEqual([[1, 2, 3], [4]]);
    expect(instance.depth).toBe(0);
    expect(timers.scheduled).toBe(0);
  });

  it('measures the flush interval from the oldest waiting record, not the newest', async () => {
    const { batches, sink } = recordingSink();
    const { instance, timers } = writer({ sink, batchSize: 100 });
    instance.offer(1);
    await timers.advance(60);
    instance.offer(2);
    await timers.advance(40);
    expect(batches).toEqual([[1, 2]]);
  });

  it('refuses records when full, raises the alarm once per episode, and never drops an accepted record', async () => {
    const { batches, state, sink } = recordingSink();
    const { instance, timers, alarms } = writer({ sink, capacity: 4, batchSize: 2 });
    state.failures = 1_000;
    const accepted = [1, 2, 3, 4, 5, 6].map((record) => instance.offer(record));
    expect(accepted).toEqual([true, true, true, true, false, false]);
    expect(alarms).toEqual([{ depth: 4, capacity: 4 }]);
    expect(instance.depth).toBe(4);

    state.failures = 0;
    await timers.advance(1_000);
    expect(batches).toEqual([[1, 2], [3, 4]]);
    expect(instance.depth).toBe(0);

    state.failures = 1_000;
    for (const record of [7, 8, 9, 10, 11]) instance.offer(record);
    expect(alarms).toHaveLength(2);
  });

  it('retries a failing sink with capped exponential backoff, keeping the same batch first and the order intact', async () => {
    const { batches, state, sink } = recordingSink();
    const { instance, timers, errors } = writer({ sink, batchSize: 2 });
    state.failures = 4;
    for (const record of [1, 2, 3, 4, 5]) instance.offer(record);
    await timers.advance(10 + 20 + 40 + 40 + 100);
    expect(errors).toEqual([
      { attempt: 1, retryInMs: 10 }, { attempt: 2, retryInMs: 20 }, { attempt: 3, retryInMs: 40 }, { attempt: 4, retryInMs: 40 },
    ]);
    expect(batches).toEqual([[1, 2], [3, 4], [5]]);
    expect(state.calls).toBe(4 + 3);
  });

  it('flush resolves once everything offered before it is written, without waiting for the interval', async () => {
    const { batches, sink } = recordingSink();
    const { instance, timers } = writer({ sink, batchSize: 100, flushIntervalMs: 10_000 });
    instance.offer(1);
    instance.offer(2);
    let flushed = false;
    const flushing = instance.flush().then(() => { flushed = true; });
    await timers.advance(0);
    await flushing;
    expect(flushed).toBe(true);
    expect(batches).toEqual([[1, 2]]);
  });

  it('close writes the remainder, then refuses further records', async () => {
    const { batches, state, sink } = recordingSink();
    const { instance, timers } = writer({ sink, batchSize: 2, flushIntervalMs: 10_000 });
    for (const record of [1, 2, 3, 4, 5]) instance.offer(record);
    state.failures = 1;
    const closing = instance.close();
    await timers.advance(50);
    await closing;
    expect(batches).toEqual([[1, 2], [3, 4], [5]]);
    expect(() => instance.offer(6)).toThrow('batched writer is closed');
    expect(timers.scheduled).toBe(0);
  });

  it('rejects a configuration that cannot work, naming the setting', () => {
    const { sink } = recordingSink();
    expect(() => writer({ sink, capacity: 0 })).toThrow('capacity must be a positive integer, got 0');
    expect(() => writer({ sink, batchSize: 1.5 })).toThrow('batchSize must be a positive integer, got 1.5');
  });
});
