import { BatchedWriter, type BatchSink, type WriterFullAlarm } from '../../infra/batching/batched-writer';

export interface RecordQueueOptions<T> {
  sink: BatchSink<T>;
  capacity: number;
  batchSize: number;
  flushIntervalMs: number;
  /** The writer is full: stop trading. Called once per episode. */
  onFull: (alarm: WriterFullAlarm) => void;
  /** Every held record reached the writer and it is at most half full again: trading may resume. */
  onDrained: () => void;
  onSinkError?: (error: unknown, attempt: number, retryInMs: number) => void;
}

/**
 * The hot path's audit trail. A record the full writer refuses is held here, in order, and handed over as room
 * appears, so nothing is lost; while anything is held, trading is stopped (onFull) and only resumes (onDrained)
 * once the backlog is written down to half the capacity. Trading stopped, the records still arriving are a few
 * decisions per bar and the fills of orders already sent, so the held list grows slowly.
 */
export class RecordQueue<T> {
  private readonly writer: BatchedWriter<T>;
  private held: T[] = [];
  private full = false;

  constructor(private readonly options: RecordQueueOptions<T>) {
    this.writer = new BatchedWriter<T>({
      sink: options.sink,
      capacity: options.capacity,
      batchSize: options.batchSize,
      flushIntervalMs: options.flushIntervalMs,
      onSinkError: options.onSinkError,
      onFull: (alarm) => {
        if (this.full) return;
        this.full = true;
        options.onFull(alarm);
      },
    });
  }

  /** Records in the writer plus records held back. */
  get depth(): number {
    return this.writer.depth + this.held.length;
  }

  get isFull(): boolean {
    return this.full;
  }

  offer(record: T): void {
    if (this.held.length > 0 || !this.writer.offer(record)) this.held.push(record);
  }

  /** Moves held records into the writer while it has room, and reports recovery; call it on every clock tick. */
  pump(): void {
    let moved = 0;
    while (moved < this.held.length && this.writer.offer(this.held[moved]!)) moved++;
    if (moved > 0) this.held = this.held.slice(moved);
    if (this.full && this.held.length === 0 && this.writer.depth <= this.writer.capacity / 2) {
      this.full = false;
      this.options.onDrained();
    }
  }

  /** Writes everything, held records included, then stops the writer. */
  async close(): Promise<void> {
    while (this.held.length > 0) {
      this.pump();
      await this.writer.flush();
    }
    await this.writer.close();
  }
}
