import { SIM_INSTRUMENTS, knownSimInstrument, simCurrencies, simInstrument } from '../../market/instruments';
import { SIM_GRANULARITIES, type SimGranularity } from '../../market/candle-types';
import type { WireObject } from '../../engine/account-state';
import { homePerUnit, quoteToHome } from '../../engine/conversion';
import type { Venue } from '../../engine/venue';
import { candleGrid, OANDA_ALIGNMENT, WEEKDAYS, type CandleAlignment, type Weekday } from '../../price/candle-grid';
import { candleStartTimes, candles, MAX_CANDLE_COUNT } from '../../price/candles';
import { isTimeZone } from '../../price/zoned-time';
import { quoteAt } from '../../price/quotes';
import { apiError, ok, type ApiResult } from '../../wire/api-result';
import * as format from '../../wire/format';
import { renderCandle } from '../../wire/render-candle';
import { renderClientPrice } from '../../wire/render-price';
import { route, withAccount, type Route, type RouteRequest } from './route';

export const MARKET_DATA_ROUTES: Route[] = [
  route('GET', '/v3/instruments/{instrument}/candles', (venue, request) => candlesRoute(venue, request)),
  route('GET', '/v3/accounts/{accountID}/instruments/{instrument}/candles', withAccount(404, (venue, _account, request) => candlesRoute(venue, request))),
  route('GET', '/v3/accounts/{accountID}/pricing', withAccount(404, (venue, account, { query }) => {
    const instruments = parseInstruments(query.get('instruments'));
    if (typeof instruments === 'string') return apiError(400, instruments);
    const nowMs = venue.advance();
    const prices = instruments.map((i) => renderClientPrice(quoteAt(venue.path, i, nowMs), quoteToHome(venue.path, i, account.currency, nowMs), venue.liquidityUnits));
    const homeConversions = query.get('includeHomeConversions') === 'true' ? renderHomeConversions(venue, account.currency, nowMs) : undefined;
    return ok({ prices, ...(homeConversions ? { homeConversions } : {}), time: format.time(nowMs) });
  })),
  route('GET', '/v3/accounts/{accountID}/pricing/stream', withAccount(404, (_venue, account, { query }) => {
    const instruments = parseInstruments(query.get('instruments'));
    if (typeof instruments === 'string') return apiError(400, instruments);
    return { stream: { instruments, snapshot: query.get('snapshot') !== 'false', homeCurrency: account.currency } };
  })),
];

function candlesRoute(venue: Venue, { params, query }: RouteRequest): ApiResult {
  const instrument = params.instrument!;
  if (!simInstrument(instrument)) return apiError(400, `Invalid value specified for 'instrument': ${instrument}`);
  const granularity = (query.get('granularity') ?? 'S5') as SimGranularity;
  if (!SIM_GRANULARITIES.includes(granularity)) return apiError(400, `Invalid value specified for 'granularity': ${granularity}`);
  const priceComponents = query.get('price') ?? 'M';
  if (!/^[MBA]{1,3}$/.test(priceComponents)) return apiError(400, `Invalid value specified for 'price': ${priceComponents}`);
  const times: Record<'fromMs' | 'toMs', number | undefined> = { fromMs: undefined, toMs: undefined };
  for (const [name, key] of [['from', 'fromMs'], ['to', 'toMs']] as const) {
    const text = query.get(name);
    if (text === null) continue;
    times[key] = format.parseTime(text);
    if (times[key] === undefined) return apiError(400, `Invalid value specified for '${name}': ${text}`);
  }
  const countText = query.get('count');
  const count = countText === null ? undefined : Number(countText);
  if (count !== undefined && (!Number.isInteger(count) || count < 1)) return apiError(400, `Invalid value specified for 'count': ${countText}`);
  if (count !== undefined && count > MAX_CANDLE_COUNT) return apiError(400, `Maximum value for 'count' exceeded: ${count} > ${MAX_CANDLE_COUNT}`);
  if (count !== undefined && times.fromMs !== undefined && times.toMs !== undefined) return apiError(400, "'count' cannot be specified with both 'from' and 'to'");
  const alignment = parseAlignment(query);
  if (typeof alignment === 'string') return apiError(400, alignment);
  const grid = candleGrid(granularity, alignment);
  const nowMs = venue.advance();
  const range = { ...times, count, includeFirst: query.get('includeFirst') !== 'false' };
  if (candleStartTimes(venue.path, instrument, grid, range, nowMs).length > MAX_CANDLE_COUNT) {
    return apiError(400, `Maximum value for 'count' exceeded: the range from/to spans more than ${MAX_CANDLE_COUNT} candles`);
  }
  const precision = knownSimInstrument(instrument).displayPrecision;
  return ok({
    instrument,
    granularity,
    candles: candles(venue.path, instrument, grid, range, nowMs).map((c) => renderCandle(c, priceComponents, precision)),
  });
}

/** dailyAlignment (0 to 23), alignmentTimezone (an IANA zone) and weeklyAlignment, each defaulting as OANDA's does. */
function parseAlignment(query: URLSearchParams): CandleAlignment | string {
  const hourText = query.get('dailyAlignment');
  const dailyHour = hourText === null ? OANDA_ALIGNMENT.dailyHour : Number(hourText);
  if (!Number.isInteger(dailyHour) || dailyHour < 0 || dailyHour > 23) return `Invalid value specified for 'dailyAlignment': ${hourText}`;
  const timeZone = query.get('alignmentTimezone') ?? OANDA_ALIGNMENT.timeZone;
  if (!isTimeZone(timeZone)) return `Invalid value specified for 'alignmentTimezone': ${timeZone}`;
  const weeklyDay = query.get('weeklyAlignment') ?? OANDA_ALIGNMENT.weeklyDay;
  if (!(WEEKDAYS as readonly string[]).includes(weeklyDay)) return `Invalid value specified for 'weeklyAlignment': ${weeklyDay}`;
  return { dailyHour, timeZone, weeklyDay: weeklyDay as Weekday };
}

function parseInstruments(text: string | null): string[] | string {
  if (!text) return "Invalid value specified for 'instruments': the parameter is required";
  const list = decodeURIComponent(text).split(',');
  const unknown = list.filter((i) => !simInstrument(i));
  return unknown.length > 0 ? `Invalid value specified for 'instruments': unknown ${unknown.join(', ')}` : list;
}

function renderHomeConversions(venue: Venue, home: string, nowMs: number): WireObject[] {
  const codes = [...new Set(Object.keys(SIM_INSTRUMENTS).flatMap((i) => Object.values(simCurrencies(i))))];
  return codes.map((currency) => {
    const factor = homePerUnit(venue.path, currency, home, nowMs).toFixed(8);
    return { currency, accountGain: factor, accountLoss: factor, positionValue: factor };
  });
}
