import { and, type Column, eq, fillPlaceholders, getTableColumns, getTableName, lt, type SQL, sql } from 'drizzle-orm';
import { PgDialect, type PgColumn, type PgTable } from 'drizzle-orm/pg-core';
import type { Pool } from 'pg';

/** Keyset pagination over bigserial ids, newest first: `cursor` is the last id of the previous page. */
export interface PageRequest {
  limit: number;
  cursor?: number;
}

/** A table listed by id: every record table the api pages through. */
type ListedTable = PgTable & { id: PgColumn };

interface PageStatement {
  name: string;
  text: string;
  params: unknown[];
}

const dialect = new PgDialect();
const statements = new Map<string, PageStatement>();

/**
 * One page of `table`'s rows, newest first, where each given column equals its value (an undefined value filters
 * nothing), as the JSON body `{"items": [...], "nextCursor": id}` (no nextCursor on the last page).
 *
 * Postgres writes the JSON, so a list answer costs the api one text value instead of parsing, mapping and
 * serialising every row, and the statement is prepared once per connection and shape of filter. Each row has the
 * shape drizzle would give it (camelCase keys, timestamps as ISO strings in UTC to the millisecond, numbers as numbers).
 */
export async function pageAsJson(pool: Pick<Pool, 'query'>, table: ListedTable, page: PageRequest, equalTo: ReadonlyArray<readonly [PgColumn, string | undefined]>): Promise<string> {
  const filters = equalTo.flatMap(([column, value], index) => (value === undefined ? [] : [{ column, index, value }]));
  const statement = pageStatement(table, filters.map(({ column, index }) => ({ column, index })), page.cursor !== undefined);
  const values: Record<string, unknown> = { limit: page.limit, fetch: page.limit + 1, cursor: page.cursor };
  for (const { index, value } of filters) values[`filter${index}`] = value;
  const result = await pool.query<{ items: string; more: boolean; last_id: string | null }>({ name: statement.name, text: statement.text, values: fillPlaceholders(statement.params, values) });
  const { items, more, last_id: lastId } = result.rows[0]!;
  return more ? `{"items":${items},"nextCursor":${Number(lastId)}}` : `{"items":${items}}`;
}

function pageStatement(table: ListedTable, filters: ReadonlyArray<{ column: PgColumn; index: number }>, withCursor: boolean): PageStatement {
  const name = `page ${getTableName(table)} ${filters.map(({ index }) => index).join(',')}${withCursor ? ' after' : ''}`;
  const known = statements.get(name);
  if (known) return known;
  const conditions: SQL[] = filters.map(({ column, index }) => eq(column, sql.placeholder(`filter${index}`)));
  if (withCursor) conditions.push(lt(table.id, sql.placeholder('cursor')));
  const fields = sql.join(Object.entries(getTableColumns(table)).map(([key, column]) => sql`${asJsonValue(column)} as ${sql.identifier(key)}`), sql`, `);
  const query = dialect.sqlToQuery(sql`
    with fetched as (
      select ${fields} from ${table} where ${and(...conditions) ?? sql`true`} order by ${table.id} desc limit ${sql.placeholder('fetch')}
    ), listed as (select * from fetched order by id desc limit ${sql.placeholder('limit')})
    select coalesce((select json_agg(listed order by listed.id desc) from listed), '[]')::text as items,
           (select count(*) from fetched) > ${sql.placeholder('limit')} as more,
           (select min(id) from listed) as last_id`);
  const statement = { name, text: query.sql, params: query.params };
  statements.set(name, statement);
  return statement;
}

function asJsonValue(column: Column): SQL {
  const qualified = sql`${sql.identifier(getTableName(column.table))}.${sql.identifier(column.name)}`;
  switch (column.dataType) {
    case 'date':
      return sql`to_char(${qualified} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
    case 'string':
      return sql`${qualified}::text`;
    default:
      return qualified;
  }
}
