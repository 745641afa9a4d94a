/** Every indicator in a streaming form (class, O(1) per update) and a batch form over Float64Array (NaN during warm-up). */
export { atr, StreamingAtr, trueRange } from './atr';
export { bollingerBands, StreamingBollingerBands, type BollingerSeries } from './bollinger-bands';
export { donchianChannel, StreamingDonchianChannel, type DonchianSeries } from './donchian-channel';
export { ema, StreamingEma } from './ema';
export { macd, StreamingMacd, type MacdPeriods, type MacdSeries } from './macd';
export { annualizedRealizedVolatility, realizedVolatility, StreamingRealizedVolatility } from './realized-volatility';
export { rollingZScore, StreamingZScore } from './rolling-z-score';
export { rsi, StreamingRsi } from './rsi';
export { sma, StreamingSma } from './sma';
