import type { Connection } from '@temporalio/client';
import type { temporal } from '@temporalio/proto';

export type SearchAttributeType = 'Text' | 'Keyword' | 'Int' | 'Double' | 'Bool' | 'Datetime' | 'KeywordList';

// Values of temporal.api.enums.v1.IndexedValueType.
const INDEXED_VALUE_TYPE: Record<SearchAttributeType, temporal.api.enums.v1.IndexedValueType> = {
  Text: 1, Keyword: 2, Int: 3, Double: 4, Bool: 5, Datetime: 6, KeywordList: 7,
};

/**
 * Registers the custom search attributes the workflows set, on whatever server they run (a dev server started by
 * bin/start, or one that was already running). Attributes already registered with the same type are left alone;
 * one registered with another type is an error a person must resolve, since the server cannot change it.
 */
export async function ensureSearchAttributes(
  connection: Connection,
  namespace: string,
  wanted: Readonly<Record<string, SearchAttributeType>>,
): Promise<string[]> {
  const known = await listCustomAttributes(connection, namespace);
  const missing: Record<string, temporal.api.enums.v1.IndexedValueType> = {};
  for (const [name, type] of Object.entries(wanted)) {
    const current = known[name];
    if (current === undefined || current === null) missing[name] = INDEXED_VALUE_TYPE[type];
    else if (current !== INDEXED_VALUE_TYPE[type]) {
      throw new Error(`search attribute ${name} is registered in namespace ${namespace} with another type than ${type}; remove or rename it`);
    }
  }
  if (Object.keys(missing).length > 0) {
    await connection.operatorService.addSearchAttributes({ namespace, searchAttributes: missing });
  }
  return Object.keys(missing);
}

const GRPC_UNIMPLEMENTED = 12;

/** The time-skipping test server cannot list search attributes (only add them): there, nothing counts as known. */
async function listCustomAttributes(connection: Connection, namespace: string): Promise<Record<string, temporal.api.enums.v1.IndexedValueType>> {
  try {
    return (await connection.operatorService.listSearchAttributes({ namespace })).customAttributes ?? {};
  } catch (error) {
    if ((error as { code?: number }).code === GRPC_UNIMPLEMENTED) return {};
    throw error;
  }
}
