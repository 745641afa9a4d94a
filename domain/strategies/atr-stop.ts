import { StreamingAtr } from '../indicators/atr';
import type { ParameterSpec } from './parameter-space';
import type { Bar } from './types';

/** Every strategy places its protective stop a multiple of ATR away; these two parameters are shared. */
export type AtrStopParams = {
  atrPeriod: number;
  stopAtrMultiple: number;
};

export const ATR_STOP_PARAMETERS: { readonly [K in keyof AtrStopParams]: ParameterSpec } = {
  atrPeriod: { kind: 'int', min: 5, max: 50, scale: 'log', description: 'bars in the ATR that sets the stop distance' },
  stopAtrMultiple: { kind: 'real', min: 0.5, max: 6, description: 'stop distance in ATRs' },
};

export const ATR_STOP_DEFAULTS: AtrStopParams = { atrPeriod: 14, stopAtrMultiple: 2 };

export class AtrStop {
  private readonly atr: StreamingAtr;

  constructor(private readonly params: AtrStopParams) {
    this.atr = new StreamingAtr(params.atrPeriod);
  }

  get ready(): boolean {
    return this.atr.ready;
  }

  get atrValue(): number {
    return this.atr.value;
  }

  /** Feeds the bar; returns the stop distance in price units (NaN until the ATR is ready). */
  update(bar: Bar): number {
    return this.atr.update(bar.high, bar.low, bar.close) * this.params.stopAtrMultiple;
  }
}
