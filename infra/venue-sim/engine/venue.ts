import type { PricePath } from '../price/price-path';
import type { AccountRecord, SimState } from './account-state';
import type { CommandContext } from './order-commands';
import { closeOutOnMarginCall } from './margin-closeout';
import { advanceAccount } from './time-advance';

/** The simulated venue: state, price path and clock, brought up to date before every read or command. */
export class Venue {
  private requestCounter = 0;

  constructor(
    readonly state: SimState,
    readonly path: PricePath,
    private readonly clock: () => number,
    private readonly onChange: () => void,
    /** Most transactions one `sinceid` answer holds; the client pages on from the last id it got. */
    readonly transactionsPageSize = 1000,
    /** Units a MARKET order finds at the quoted price, as the prices show it; undefined: any size fills. */
    readonly liquidityUnits?: number,
  ) {}

  now(): number {
    return this.clock();
  }

  account(id: string): AccountRecord | undefined {
    return this.state.accounts.find((a) => a.id === id);
  }

  newRequestId(): string {
    this.requestCounter += 1;
    return String(100_000_000_000_000_000n + BigInt(this.requestCounter));
  }

  /** Triggers orders, books financing and closes out margin calls up to the clock; returns the time everything is now valued at. */
  advance(): number {
    const nowMs = this.clock();
    this.path.ensureBars(this.path.barIndexAt(nowMs) + 1);
    const before = this.transactionCount();
    for (const account of this.state.accounts) {
      advanceAccount(this.path, account, nowMs, () => this.newRequestId());
      closeOutOnMarginCall(this.path, account, nowMs, this.newRequestId());
    }
    if (this.transactionCount() !== before) this.onChange();
    return nowMs;
  }

  /** Runs a state-changing command at the current time and persists the result before the caller answers. */
  command<T>(run: (ctx: CommandContext) => T): T {
    const nowMs = this.advance();
    const result = run({ path: this.path, nowMs, requestId: this.newRequestId(), liquidityUnits: this.liquidityUnits });
    this.onChange();
    return result;
  }

  private transactionCount(): number {
    return this.state.accounts.reduce((sum, a) => sum + a.lastTransactionId, 0);
  }
}
