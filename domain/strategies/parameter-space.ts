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

/**
 * Which scales a search honours: 'as-specified' (each parameter's own), or 'linear' for every numeric parameter, how
 * every search sampled before scales existed (a workflow replaying such a search must propose what it proposed then).
 */
export type ScaleUse = 'as-specified' | 'linear';

export function withScales<P extends ParameterValues>(space: ParameterSpace<P>, use: ScaleUse): ParameterSpace<P> {
  if (use === 'as-specified') return space;
  const parameters = Object.fromEntries(Object.entries(space.parameters).map(([field, spec]) => [field, spec.kind === 'choice' ? spec : { ...spec, scale: 'linear' }]));
  return { ...space, parameters: parameters as ParameterSpace<P>['parameters'] };
}

/** Where a log-scaled value sits on its range, 0 at min and 1 at max. */
const logUnitOf = (spec: NumericSpec, value: number): number => Math.log(value / spec.min) / Math.log(spec.max / spec.min);

/** The log-scaled value at a place on the range (clamped to it; integers rounded). */
function logValueAt(spec: NumericSpec, unit: number): number {
  const value = spec.min * (spec.max / spec.min) ** Math.min(1, Math.max(0, unit));
  return spec.kind === 'int' ? Math.round(value) : Math.min(spec.max, Math.max(spec.min, value));
}

// The linear paths below keep their original arithmetic: a search replayed on linear scales must propose exactly,
// to the last bit, what it proposed before scales existed.
function axisValues(spec: ParameterSpec, pointsPerAxis: number): ParameterValue[] {
  if (spec.kind === 'choice') return [...spec.values];
  if (spec.scale === 'log') return [...new Set(Array.from({ length: pointsPerAxis }, (_, i) => logValueAt(spec, pointsPerAxis === 1 ? 0.5 : i / (pointsPerAxis - 1))))];
  if (pointsPerAxis === 1) return [spec.kind === 'int' ? Math.round((spec.min + spec.max) / 2) : (spec.min + spec.max) / 2];
  const points = Array.from({ length: pointsPerAxis }, (_, i) => spec.min + ((spec.max - spec.min) * i) / (pointsPerAxis - 1));
  return spec.kind === 'int' ? [...new Set(points.map(Math.round))] : points;
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
  if (spec.scale === 'log') return logValueAt(spec, random.next());
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
  if (spec.scale === 'log') return logValueAt(spec, logUnitOf(spec, value as number) + random.normal() * scale);
  const moved = (value as number) + random.normal() * scale * (spec.max - spec.min);
  const clamped = Math.min(spec.max, Math.max(spec.min, moved));
  return spec.kind === 'int' ? Math.round(clamped) : clamped;
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
