import { StreamingRsi } from '../indicators/rsi';
import { AtrStop, ATR_STOP_DEFAULTS, ATR_STOP_PARAMETERS, type AtrStopParams } from './atr-stop';
import { defineStrategy } from './define-strategy';
import type { Bar, Signal, StreamingStrategy } from './types';

export type RsiReversalParams = AtrStopParams & {
  period: number;
  oversold: number;
  overbought: number;
};

const NEUTRAL_RSI = 50;

/** Long when RSI falls below `oversold`, short above `overbought`; a position is closed when RSI crosses 50. */
class StreamingRsiReversal implements StreamingStrategy {
  private readonly signal: Signal = { direction: 0, confidence: 0, stopDistance: Number.NaN };
  private readonly rsi: StreamingRsi;
  private readonly stop: AtrStop;

  constructor(private readonly params: RsiReversalParams) {
    this.rsi = new StreamingRsi(params.period);
    this.stop = new AtrStop(params);
  }

  update(bar: Bar): Signal {
    const rsi = this.rsi.update(bar.close);
    const signal = this.signal;
    signal.stopDistance = this.stop.update(bar);
    if (!this.rsi.ready || !this.stop.ready) return signal;
    const { oversold, overbought } = this.params;
    if (rsi < oversold) signal.direction = 1;
    else if (rsi > overbought) signal.direction = -1;
    else if ((signal.direction === 1 && rsi >= NEUTRAL_RSI) || (signal.direction === -1 && rsi <= NEUTRAL_RSI)) signal.direction = 0;
    if (signal.direction === 1) signal.confidence = Math.min(1, Math.max(0, (NEUTRAL_RSI - rsi) / (NEUTRAL_RSI - oversold)));
    else if (signal.direction === -1) signal.confidence = Math.min(1, Math.max(0, (rsi - NEUTRAL_RSI) / (overbought - NEUTRAL_RSI)));
    else signal.confidence = 0;
    return signal;
  }
}

export const rsiReversal = defineStrategy<RsiReversalParams>({
  name: 'rsi-reversal',
  description: "RSI reversal (Wilder): long below oversold, short above overbought, flat when RSI crosses back through 50.",
  parameterSpace: {
    parameters: {
      period: { kind: 'int', min: 2, max: 50, scale: 'log', description: 'bars in the RSI' },
      oversold: { kind: 'real', min: 5, max: 50, description: 'RSI below which to buy' },
      overbought: { kind: 'real', min: 50, max: 95, description: 'RSI above which to sell' },
      ...ATR_STOP_PARAMETERS,
    },
    constraints: [{ description: 'oversold < overbought', fields: ['oversold', 'overbought'], holds: (p) => p.oversold < p.overbought }],
  },
  defaults: { period: 14, oversold: 30, overbought: 70, ...ATR_STOP_DEFAULTS },
  warmupBars: (p) => Math.max(p.period + 1, p.atrPeriod),
  createStreaming: (p) => new StreamingRsiReversal(p),
});
