/**
 * A bounded, batched, asynchronous writer: the hot path offers records without waiting, and a single write loop
 * hands them to the sink in order, in batches of at most `batchSize`, as soon as a batch is full or `flushIntervalMs`
 * after the oldest unwritten record arrived.
 *
 * Nothing is ever dropped. A batch stays in the queue (and counts towards `depth`) until the sink has accepted it; a
 * failing sink is retried with capped exponential backoff, always with the same batch first, so records are neither
 * lost nor reordered. When the queue holds `capacity` records, `offer` refuses the record and raises the alarm: the
 * caller must then stop producing (the hot path stops trading) rather than carry on without an audit trail.
 */
import { backoffDelayMs, type BackoffPolicy } from '../../domain/broker/price-stream';

export type BatchSink<T> = (batch: readonly T[]) => Promise<void>;

export interface WriterTimers {
  setTimeout(callback: () => void, delayMs: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface WriterFullAlarm {
  depth: number;
  capacity: number;
}

export interface BatchedWriterOptions<T> {
  sink: BatchSink<T>;
  /** Records held at most, written or waiting; the bound on memory and on how far the audit trail may lag. */
  capacity: number;
  batchSize: number;
  flushIntervalMs: number;
  /** Called once each time the queue becomes full (the first refused offer); again only after it had room. */
  onFull: (alarm: WriterFullAlarm) => void;
  /** Called on each failed sink attempt before the retry, e.g. to log and count. */
  onSinkError?: (error: unknown, attempt: number, retryInMs: number) => void;
  retryBackoff?: Partial<Omit<BackoffPolicy, 'jitterRatio'>>;
  timers?: WriterTimers;
}

const DEFAULT_RETRY: BackoffPolicy = { initialDelayMs: 50, maxDelayMs: 5_000, multiplier: 2, jitterRatio: 0 };

const realTimers: WriterTimers = {
  setTimeout: (callback, delayMs) => setTimeout(callback, delayMs),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

function assertPositiveInteger(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer, got ${value}`);
}

export class BatchedWriter<T> {
  private readonly queue: (T | undefined)[];
  private head = 0;
  private count = 0;
  private readonly retry: BackoffPolicy;
  private readonly timers: WriterTimers;
  private timer: unknown = undefined;
  private writing = false;
  private closed = false;
  private alarmRaised = false;
  /** Records accepted by the sink since the start; `flush` waits for this to reach its target. */
  private written = 0;
  private offered = 0;
  private waiters: Array<{ target: number; resolve: () => void }> = [];

  constructor(private readonly options: BatchedWriterOptions<T>) {
    assertPositiveInteger('capacity', options.capacity);
    assertPositiveInteger('batchSize', options.batchSize);
    if (!(options.flushIntervalMs >= 0)) throw new RangeError(`flushIntervalMs must be >= 0, got ${options.flushIntervalMs}`);
    this.queue = new Array<T | undefined>(options.capacity);
    this.retry = { ...DEFAULT_RETRY, ...options.retryBackoff, jitterRatio: 0 };
    this.timers = options.timers ?? realTimers;
  }

  /** Records waiting or being written. */
  get depth(): number {
    return this.count;
  }

  get capacity(): number {
    return this.options.capacity;
  }

  /** Queues the record; false (and the alarm) when the queue is full. Never blocks, never throws while open. */
  offer(record: T): boolean {
    if (this.closed) throw new Error('batched writer is closed: no more records can be offered');
    if (this.count === this.options.capacity) {
      if (!this.alarmRaised) {
        this.alarmRaised = true;
        this.options.onFull({ depth: this.count, capacity: this.options.capacity });
      }
      return false;
    }
    this.queue[(this.head + this.count) % this.options.capacity] = record;
    this.count++;
    this.offered++;
    if (this.count >= this.options.batchSize) this.schedule(0);
    else this.schedule(this.options.flushIntervalMs);
    return true;
  }

  /** Resolves once every record offered before the call has been accepted by the sink (retrying as long as it takes). */
  flush(): Promise<void> {
    const target = this.offered;
    if (this.written >= target) return Promise.resolve();
    const done = new Promise<void>((resolve) => this.waiters.push({ target, resolve }));
    this.schedule(0);
    return done;
  }

  /** Refuses further records, writes everything queued, and stops the timer. */
  async close(): Promise<void> {
    this.closed = true;
    await this.flush();
    this.cancelTimer();
  }

  /** Keeps the earliest due time: a pending timer is replaced only by an earlier one. */
  private schedule(delayMs: number): void {
    if (this.writing) return;
    if (this.timer !== undefined) {
      if (delayMs > 0) return;
      this.cancelTimer();
    }
    this.timer = this.timers.setTimeout(() => {
      this.timer = undefined;
      void this.writeAll();
    }, delayMs);
  }

  private cancelTimer(): void {
    if (this.timer === undefined) return;
    this.timers.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private sleep(delayMs: number): Promise<void> {
    return new Promise((resolve) => this.timers.setTimeout(resolve, delayMs));
  }

  private takeBatch(): T[] {
    const size = Math.min(this.count, this.options.batchSize);
    const batch = new Array<T>(size);
    for (let i = 0; i < size; i++) batch[i] = this.queue[(this.head + i) % this.options.capacity]!;
    return batch;
  }

  private release(size: number): void {
    for (let i = 0; i < size; i++) this.queue[(this.head + i) % this.options.capacity] = undefined;
    this.head = (this.head + size) % this.options.capacity;
    this.count -= size;
    this.written += size;
    if (this.count < this.options.capacity) this.alarmRaised = false;
    this.waiters = this.waiters.filter((waiter) => {
      if (this.written < waiter.target) return true;
      waiter.resolve();
      return false;
    });
  }

  /** The single write loop: full batches at once; a partial batch only when its interval is up or someone flushes. */
  private async writeAll(): Promise<void> {
    this.writing = true;
    try {
      while (this.count > 0) {
        const batch = this.takeBatch();
        await this.writeWithRetry(batch);
        this.release(batch.length);
        if (this.count < this.options.batchSize && this.waiters.length === 0 && !this.closed) break;
      }
    } finally {
      this.writing = false;
    }
    if (this.count > 0) this.schedule(this.options.flushIntervalMs);
  }

  private async writeWithRetry(batch: readonly T[]): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.options.sink(batch);
        return;
      } catch (error) {
        const retryInMs = backoffDelayMs(this.retry, attempt, 0.5);
        this.options.onSinkError?.(error, attempt, retryInMs);
        await this.sleep(retryInMs);
      }
    }
  }
}
