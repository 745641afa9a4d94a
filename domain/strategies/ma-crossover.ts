import { StreamingEma } from '../indicators/ema';
import { StreamingSma } from '../indicators/sma';
import { AtrStop, ATR_STOP_DEFAULTS, ATR_STOP_PARAMETERS, type AtrStopParams } from './atr-stop';
import { defineStrategy } from './define-strategy';
import type { Bar, Signal, StreamingStrategy } from './types';

export type MaCrossoverParams = AtrStopParams & {
  averageKind: 'sma' | 'ema';
  fastPeriod: number;
  slowPeriod: number;
};

class StreamingMaCrossover implements StreamingStrategy {
  private readonly signal: Signal = { direction: 0, confidence: 0, stopDistance: Number.NaN };
  private readonly fast: StreamingSma | StreamingEma;
  private readonly slow: StreamingSma | StreamingEma;
  private readonly stop: AtrStop;

  constructor(params: MaCrossoverParams) {
    const Average = params.averageKind === 'sma' ? StreamingSma : StreamingEma;
    this.fast = new Average(params.fastPeriod);
    this.slow = new Average(params.slowPeriod);
    this.stop = new AtrStop(params);
  }

  update(bar: Bar): Signal {
    const fast = this.fast.update(bar.close);
    const slow = this.slow.update(bar.close);
    const signal = this.signal;
    signal.stopDistance = this.stop.update(bar);
    if (!this.slow.ready || !this.stop.ready) return signal;
    const gap = fast - slow;
    signal.direction = gap > 0 ? 1 : gap < 0 ? -1 : 0;
    // A flat market has an ATR of 0: a tie is then no confidence, not 0/0.
    signal.confidence = gap === 0 ? 0 : Math.min(1, Math.abs(gap) / this.stop.atrValue);
    return signal;
  }
}

export const maCrossover = defineStrategy<MaCrossoverParams>({
  name: 'ma-crossover',
  description: 'Long while the fast moving average is above the slow one, short while below; confidence is the gap in ATRs.',
  parameterSpace: {
    parameters: {
      averageKind: { kind: 'choice', values: ['sma', 'ema'], description: 'simple or exponential averages' },
      fastPeriod: { kind: 'int', min: 2, max: 100, scale: 'log', description: 'bars in the fast average' },
      slowPeriod: { kind: 'int', min: 5, max: 400, scale: 'log', description: 'bars in the slow average' },
      ...ATR_STOP_PARAMETERS,
    },
    constraints: [{ description: 'fastPeriod < slowPeriod', fields: ['fastPeriod', 'slowPeriod'], holds: (p) => p.fastPeriod < p.slowPeriod }],
  },
  defaults: { averageKind: 'ema', fastPeriod: 12, slowPeriod: 26, ...ATR_STOP_DEFAULTS },
  warmupBars: (p) => Math.max(p.slowPeriod, p.atrPeriod),
  createStreaming: (p) => new StreamingMaCrossover(p),
});
