import { StreamingZScore } from '../indicators/rolling-z-score';
import { AtrStop, ATR_STOP_DEFAULTS, ATR_STOP_PARAMETERS, type AtrStopParams } from './atr-stop';
import { defineStrategy } from './define-strategy';
import type { Bar, Signal, StreamingStrategy } from './types';

export type MeanReversionParams = AtrStopParams & {
  period: number;
  entryZ: number;
  exitZ: number;
};

/**
 * Fades moves outside Bollinger bands: a z-score of ±entryZ is the close on a band of width entryZ standard
 * deviations. Enters against the move, holds until the z-score has come back within exitZ of the mean.
 */
class StreamingMeanReversion implements StreamingStrategy {
  private readonly signal: Signal = { direction: 0, confidence: 0, stopDistance: Number.NaN };
  private readonly zScore: StreamingZScore;
  private readonly stop: AtrStop;

  constructor(private readonly params: MeanReversionParams) {
    this.zScore = new StreamingZScore(params.period);
    this.stop = new AtrStop(params);
  }

  update(bar: Bar): Signal {
    const z = this.zScore.update(bar.close);
    const signal = this.signal;
    signal.stopDistance = this.stop.update(bar);
    if (!this.zScore.ready || !this.stop.ready) return signal;
    const { entryZ, exitZ } = this.params;
    if (z >= entryZ) signal.direction = -1;
    else if (z <= -entryZ) signal.direction = 1;
    else if ((signal.direction === 1 && z >= -exitZ) || (signal.direction === -1 && z <= exitZ)) signal.direction = 0;
    signal.confidence = signal.direction === 0 ? 0 : Math.min(1, Math.abs(z) / entryZ);
    return signal;
  }
}

export const meanReversion = defineStrategy<MeanReversionParams>({
  name: 'mean-reversion',
  description: 'Bollinger/z-score mean reversion: short above +entryZ, long below -entryZ, flat once back within exitZ.',
  parameterSpace: {
    parameters: {
      period: { kind: 'int', min: 5, max: 200, scale: 'log', description: 'bars in the mean and standard deviation' },
      entryZ: { kind: 'real', min: 0.5, max: 4, description: 'z-score (band width in standard deviations) that opens a position' },
      exitZ: { kind: 'real', min: 0, max: 2, description: 'z-score within which the position is closed' },
      ...ATR_STOP_PARAMETERS,
    },
    constraints: [{ description: 'exitZ < entryZ', fields: ['exitZ', 'entryZ'], holds: (p) => p.exitZ < p.entryZ }],
  },
  defaults: { period: 20, entryZ: 2, exitZ: 0.5, ...ATR_STOP_DEFAULTS },
  warmupBars: (p) => Math.max(p.period, p.atrPeriod),
  createStreaming: (p) => new StreamingMeanReversion(p),
});
