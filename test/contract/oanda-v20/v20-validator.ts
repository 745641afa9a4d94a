/**
 * Validates response bodies against OANDA's v20 Swagger 2.0 document (v20.json in this folder, MIT). Two
 * stricter-than-the-spec rules catch invented field names: every object schema is closed
 * (additionalProperties: false), and the polymorphic Transaction and Order are checked against the concrete
 * definition their `type` names (MARKET_ORDER → MarketOrderTransaction, LIMIT → LimitOrder).
 */
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import path from 'node:path';

type Json = Record<string, unknown>;

const SPEC = JSON.parse(readFileSync(path.join(__dirname, 'v20.json'), 'utf8')) as Json & {
  paths: Record<string, Record<string, { responses: Record<string, Json> }>>;
  definitions: Record<string, Json>;
  responses: Record<string, Json>;
};

/** The spec writes formats as prose; each one it uses gets the check the prose describes. */
const FORMAT_RULES: Array<[RegExp, RegExp]> = [
  [/^The RFC 3339 representation/, /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})|\d+(\.\d{1,9})?)$/],
  [/^A decimal number encode/, /^-?\d+(\.\d+)?$/],
  [/^String representation of the numerical OANDA-assigned TransactionID/, /^\d+$/],
  [/^The string representation of the OANDA-assigned (TradeID|OrderID)/, /^\d+$/],
  [/^A string containing the base currency and quote currency/, /^[A-Z]{3}_[A-Z]{3}$/],
  [/^A string containing an ISO 4217 currency/, /^[A-Z]{3}$/],
  [/^"-"-delimited string with format/, /^\d+-\d+-\d+-\d+$/],
  [/^Either the (Order|Trade)'s OANDA-assigned/, /^(\d+|@.+)$/],
  [/^A user specifier may have one of 3 formats/, /^.*$/],
  [/^The string 'Bearer ' followed by the token/, /^Bearer .+$/],
];

function collectFormats(node: unknown, found: Set<string>): Set<string> {
  if (Array.isArray(node)) node.forEach((n) => collectFormats(n, found));
  else if (node && typeof node === 'object') {
    const format = (node as Json).format;
    if (typeof format === 'string') found.add(format);
    Object.values(node).forEach((n) => collectFormats(n, found));
  }
  return found;
}

function pascal(wireType: string): string {
  return wireType.toLowerCase().split('_').map((w) => w[0]!.toUpperCase() + w.slice(1)).join('');
}

/** A copy of the spec with closed objects and type-dispatched Transaction and Order. */
function strictSpec(): Json {
  const spec = JSON.parse(JSON.stringify(SPEC)) as typeof SPEC;
  const close = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(close);
    if (!node || typeof node !== 'object') return;
    const schema = node as Json;
    if (schema.type === 'object' && schema.properties && schema.additionalProperties === undefined) schema.additionalProperties = false;
    // v20.json gives three client-ID fields the OANDA-assigned-ID format by copy-paste; their descriptions (and
    // OANDA itself) carry the client's own id, so the format is dropped for exactly those fields.
    for (const key of ['clientOrderID', 'clientTradeID']) {
      const property = (schema.properties as Record<string, Json> | undefined)?.[key];
      if (property && typeof property.format === 'string' && /OANDA-assigned/.test(property.format)) delete property.format;
    }
    Object.values(schema).forEach(close);
  };
  close(spec.definitions);
  close(spec.paths);
  close(spec.responses);
  const dispatch = (base: string, wireTypes: string[], definitionName: (t: string) => string): Json => ({
    type: 'object',
    required: ['type'],
    properties: { type: { enum: wireTypes } },
    allOf: wireTypes.map((t) => ({ if: { properties: { type: { const: t } } }, then: { $ref: `#/definitions/${definitionName(t)}` } })),
    description: `${base}, checked against the definition its type names`,
  });
  const transactionTypes = ((spec.definitions.TransactionType as { enum: string[] }).enum).filter((t) => spec.definitions[`${pascal(t)}Transaction`]);
  const orderTypes = ((spec.definitions.OrderType as { enum: string[] }).enum).filter((t) => spec.definitions[`${pascal(t)}Order`]);
  spec.definitions.Transaction = dispatch('Transaction', transactionTypes, (t) => `${pascal(t)}Transaction`);
  spec.definitions.Order = dispatch('Order', orderTypes, (t) => `${pascal(t)}Order`);
  return spec;
}

export class V20Validator {
  private readonly ajv: Ajv;
  private readonly cache = new Map<string, ValidateFunction>();

  constructor() {
    this.ajv = new Ajv({ allErrors: true, strict: false, validateSchema: false, validateFormats: true });
    addFormats(this.ajv);
    for (const format of collectFormats(SPEC, new Set())) {
      const rule = FORMAT_RULES.find(([description]) => description.test(format));
      if (!rule) throw new Error(`v20.json uses a format the validator has no rule for: ${format.slice(0, 80)}`);
      this.ajv.addFormat(format, rule[1]);
    }
    this.ajv.addSchema(strictSpec(), 'v20');
  }

  /** Validates a response body of `method specPath` (path as written in v20.json, without /v3) with `status`. */
  response(method: string, specPath: string, status: number, body: unknown): string[] {
    const operation = SPEC.paths[specPath]?.[method.toLowerCase()];
    if (!operation) throw new Error(`v20.json has no operation ${method} ${specPath}`);
    const response = operation.responses[String(status)];
    if (!response) throw new Error(`v20.json documents no ${status} response for ${method} ${specPath}`);
    const pointer = typeof response.$ref === 'string'
      ? `v20${response.$ref}/schema`
      : `v20#/paths/${specPath.replace(/~/g, '~0').replace(/\//g, '~1')}/${method.toLowerCase()}/responses/${status}/schema`;
    return this.run(pointer, body);
  }

  /** Validates a value against a definition, e.g. 'ClientPrice'. */
  definition(name: string, value: unknown): string[] {
    if (!SPEC.definitions[name]) throw new Error(`v20.json has no definition ${name}`);
    return this.run(`v20#/definitions/${name}`, value);
  }

  private run(pointer: string, value: unknown): string[] {
    let validate = this.cache.get(pointer);
    if (!validate) {
      validate = this.ajv.compile({ $ref: pointer });
      this.cache.set(pointer, validate);
    }
    if (validate(value)) return [];
    return (validate.errors ?? []).filter((e) => e.keyword !== 'if').map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
  }
}
