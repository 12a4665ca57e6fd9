import type { ColumnType } from './eventColumns.js';

/** The SQL dialects the store speaks; search compiles its queries for one of them. */
export type Dialect = 'sqlite' | 'duckdb';

const TYPE_NAMES: Record<Dialect, Record<ColumnType, string>> = {
  sqlite: { bigint: 'INTEGER', integer: 'INTEGER', double: 'REAL', text: 'TEXT', boolean: 'INTEGER' },
  duckdb: { bigint: 'BIGINT', integer: 'INTEGER', double: 'DOUBLE', text: 'VARCHAR', boolean: 'BOOLEAN' },
};

export function sqlType(dialect: Dialect, type: ColumnType): string {
  return TYPE_NAMES[dialect][type];
}
