import type { Random } from '../random';

export type ParameterValue = number | string;
export type ParameterValues = Record<string, ParameterValue>;

/**
 * How a search moves along a numeric range: 'linear' (the default) in equal steps of value, 'log' in equal ratios,
 * for ranges where a step from 3 to 4 means as much as one from 300 to 400, such as lookback periods.
 */
export type ParameterScale = 'linear' | 'log';

type NumericSpec = { kind: 'int' | 'real'; min: number; max: number; scale?: ParameterScale; description: string };

export type ParameterSpec = NumericSpec | { kind: 'choice'; values: readonly ParameterValue[]; description: string };

export interface ParameterConstraint<P extends ParameterValues> {
  /** Read by people, e.g. "fastPeriod < slowPeriod". */
  description: string;
  fields: readonly string[];
  holds(params: P): boolean;
}

export interface ParameterSpace<P extends ParameterValues> {
  parameters: { readonly [K in keyof P]: ParameterSpec };
  constraints: readonly ParameterConstraint<P>[];
}

export interface ParameterError {
  /** The parameter at fault; a broken constraint names all of its fields, comma-separated. */
  field: string;
  message: string;
}

export type ParameterValidation<P> = { ok: true; params: P } | { ok: false; errors: ParameterError[] };

const fieldsOf = <P extends ParameterValues>(space: ParameterSpace<P>): (keyof P & string)[] =>
  Object.keys(space.parameters) as (keyof P & string)[];

function specError(spec: ParameterSpec, value: unknown): string | undefined {
  if (spec.kind === 'choice') {
    return spec.values.includes(value as ParameterValue) ? undefined : `must be one of ${spec.values.join(', ')}, got ${String(value)}`;
  }
  const what = spec.kind === 'int' ? 'an integer' : 'a number';
  const valid = typeof value === 'number' && Number.isFinite(value) && (spec.kind === 'real' || Number.isInteger(value));
  if (!valid || value < spec.min || value > spec.max) return `must be ${what} in [${spec.min}, ${spec.max}], got ${JSON.stringify(value)}`;
  return undefined;
}

export function validateParameters<P extends ParameterValues>(space: ParameterSpace<P>, input: unknown): ParameterValidation<P> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, errors: [{ field: '(parameters)', message: 'must be an object of parameter values' }] };
  }
  const record = input as Record<string, unknown>;
  const fields = fieldsOf(space);
  const errors: ParameterError[] = [];
  for (const field of fields) {
    if (!(field in record)) errors.push({ field, message: 'is required' });
    else {
      const message = specError(space.parameters[field], record[field]);
      if (message) errors.push({ field, message });
    }
  }
  for (const field of Object.keys(record)) {
    if (!(fields as string[]).includes(field)) errors.push({ field, message: `is not a parameter (known: ${fields.join(', ')})` });
  }
  if (errors.length > 0) return { ok: false, errors };
  const params = Object.fromEntries(fields.map((field) => [field, record[field]])) as P;
  const broken = space.constraints.filter((constraint) => !constraint.holds(params));
  if (broken.length > 0) {
    return { ok: false, errors: broken.map((c) => ({ field: c.fields.join(', '), message: `must satisfy ${c.description}` })) };
  }
  return { ok: true, params };
}

const satisfiesConstraints = <P extends ParameterValues>(space: ParameterSpace<P>, params: P): boolean =>
  space.constraints.every((constraint) => constraint.holds(params));

/** A numeric value's place on its range, 0 at min and 1 at max, on the spec's scale. */
function unitOf(spec: NumericSpec, value: number): number {
  return spec.scale === 'log' ? Math.log(value / spec.min) / Math.log(spec.max / spec.min) : (value - spec.min) / (spec.max - spec.min);
}

/** The value at a place on the range (clamped to it; integers rounded). */
function valueAt(spec: NumericSpec, unit: number): number {
  const clamped = Math.min(1, Math.max(0, unit));
  const value = spec.scale === 'log' ? spec.min * (spec.max / spec.min) ** clamped : spec.min + clamped * (spec.max - spec.min);
  return spec.kind === 'int' ? Math.round(value) : Math.min(spec.max, Math.max(spec.min, value));
}

function axisValues(spec: ParameterSpec, pointsPerAxis: number): ParameterValue[] {
  if (spec.kind === 'choice') return [...spec.values];
  if (pointsPerAxis === 1) return [valueAt(spec, 0.5)];
  return [...new Set(Array.from({ length: pointsPerAxis }, (_, i) => valueAt(spec, i / (pointsPerAxis - 1))))];
}

/**
 * Every combination of `pointsPerAxis` evenly spaced values (on each parameter's scale) per numeric parameter (ends
 * included; integers rounded and de-duplicated) and every choice, keeping those that satisfy the constraints.
 */
export function enumerateGrid<P extends ParameterValues>(space: ParameterSpace<P>, pointsPerAxis = 5, maxPoints = 1_000_000): P[] {
  if (!Number.isInteger(pointsPerAxis) || pointsPerAxis < 1) throw new RangeError(`pointsPerAxis must be a positive integer, got ${pointsPerAxis}`);
  const fields = fieldsOf(space);
  const axes = fields.map((field) => axisValues(space.parameters[field], pointsPerAxis));
  const size = axes.reduce((product, axis) => product * axis.length, 1);
  if (size > maxPoints) throw new RangeError(`grid of ${size} points exceeds the limit of ${maxPoints}; use fewer points per axis`);
  let combinations: ParameterValue[][] = [[]];
  for (const axis of axes) combinations = combinations.flatMap((prefix) => axis.map((value) => [...prefix, value]));
  return combinations
    .map((values) => Object.fromEntries(fields.map((field, i) => [field, values[i]!])) as P)
    .filter((params) => satisfiesConstraints(space, params));
}

function drawValue(spec: ParameterSpec, random: Random): ParameterValue {
  if (spec.kind === 'choice') return spec.values[random.int(0, spec.values.length - 1)]!;
  if (spec.scale === 'log') return valueAt(spec, random.next());
  return spec.kind === 'int' ? random.int(spec.min, spec.max) : spec.min + random.next() * (spec.max - spec.min);
}

/** Rejection sampling: uniform over each parameter's range (on its scale), redrawn until the constraints hold. */
export function sampleParameters<P extends ParameterValues>(space: ParameterSpace<P>, random: Random, maxAttempts = 1000): P {
  const fields = fieldsOf(space);
  for (let attempt = 0; attempt < maxAttempts; attempt++) {
    const params = Object.fromEntries(fields.map((field) => [field, drawValue(space.parameters[field], random)])) as P;
    if (satisfiesConstraints(space, params)) return params;
  }
  throw new Error(`no parameters satisfying ${space.constraints.map((c) => c.description).join(' and ')} in ${maxAttempts} draws`);
}

function mutateValue(spec: ParameterSpec, value: ParameterValue, random: Random, scale: number): ParameterValue {
  if (spec.kind === 'choice') return random.next() < scale ? spec.values[random.int(0, spec.values.length - 1)]! : value;
  return valueAt(spec, unitOf(spec, value as number) + random.normal() * scale);
}

/**
 * A neighbour of `params`: numeric values move by a normal step of `scale` × their range, on their scale (clamped,
 * integers rounded); a choice changes with probability `scale`. Retries until the constraints hold, otherwise
 * returns a copy.
 */
export function mutateParameters<P extends ParameterValues>(space: ParameterSpace<P>, params: P, random: Random, scale: number, maxAttempts = 100): P {
  if (!(scale > 0 && scale <= 1)) throw new RangeError(`mutation scale must be in (0, 1], got ${scale}`);
  const fields = fieldsOf(space);
  for (let attempt = 0; attempt < maxAttempts; attempt++) {
    const mutated = Object.fromEntries(fields.map((field) => [field, mutateValue(space.parameters[field], params[field]!, random, scale)])) as P;
    if (satisfiesConstraints(space, mutated)) return mutated;
  }
  return { ...params };
}
