import { StreamingDonchianChannel } from '../indicators/donchian-channel';
import { AtrStop, ATR_STOP_DEFAULTS, ATR_STOP_PARAMETERS, type AtrStopParams } from './atr-stop';
import { defineStrategy } from './define-strategy';
import type { Bar, Signal, StreamingStrategy } from './types';

export type DonchianBreakoutParams = AtrStopParams & {
  entryPeriod: number;
  exitPeriod: number;
};

/**
 * Turtle-style breakout: long on a close above the highest high of the previous entryPeriod bars, short below the
 * lowest low; a position is closed when the close crosses the opposite side of the shorter exit channel. Channels
 * are read before the bar is added, so a bar is compared with the bars before it.
 */
class StreamingDonchianBreakout implements StreamingStrategy {
  private readonly signal: Signal = { direction: 0, confidence: 0, stopDistance: Number.NaN };
  private readonly entry: StreamingDonchianChannel;
  private readonly exit: StreamingDonchianChannel;
  private readonly stop: AtrStop;

  constructor(params: DonchianBreakoutParams) {
    this.entry = new StreamingDonchianChannel(params.entryPeriod);
    this.exit = new StreamingDonchianChannel(params.exitPeriod);
    this.stop = new AtrStop(params);
  }

  update(bar: Bar): Signal {
    const signal = this.signal;
    signal.stopDistance = this.stop.update(bar);
    if (this.entry.ready && this.stop.ready) {
      const close = bar.close;
      if (close > this.entry.upper) signal.direction = 1;
      else if (close < this.entry.lower) signal.direction = -1;
      else if ((signal.direction === 1 && close < this.exit.lower) || (signal.direction === -1 && close > this.exit.upper)) signal.direction = 0;
      const halfWidth = (this.entry.upper - this.entry.lower) / 2;
      const fromMiddle = signal.direction * (close - this.entry.middle);
      signal.confidence = signal.direction === 0 || halfWidth === 0 ? 0 : Math.min(1, Math.max(0, fromMiddle / halfWidth));
    }
    this.entry.update(bar.high, bar.low);
    this.exit.update(bar.high, bar.low);
    return signal;
  }
}

export const donchianBreakout = defineStrategy<DonchianBreakoutParams>({
  name: 'donchian-breakout',
  description: 'Donchian channel breakout: long above the previous entryPeriod-bar high, short below the low, out on the exitPeriod channel.',
  parameterSpace: {
    parameters: {
      entryPeriod: { kind: 'int', min: 10, max: 200, scale: 'log', description: 'bars in the breakout channel' },
      exitPeriod: { kind: 'int', min: 3, max: 100, scale: 'log', description: 'bars in the exit channel' },
      ...ATR_STOP_PARAMETERS,
    },
    constraints: [{ description: 'exitPeriod < entryPeriod', fields: ['exitPeriod', 'entryPeriod'], holds: (p) => p.exitPeriod < p.entryPeriod }],
  },
  defaults: { entryPeriod: 20, exitPeriod: 10, ...ATR_STOP_DEFAULTS },
  warmupBars: (p) => Math.max(p.entryPeriod + 1, p.atrPeriod),
  createStreaming: (p) => new StreamingDonchianBreakout(p),
});
