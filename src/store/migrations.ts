import type { Dialect } from './dialect.js';
import { sqlType } from './dialect.js';
import { EVENT_COLUMNS } from './eventColumns.js';

/** One schema step. Versions only grow; a released migration is never edited, only followed. */
export interface Migration {
  version: number;
  name: string;
  statements(dialect: Dialect): string[];
}

/** The table that records which versions are applied. */
export const MIGRATIONS_TABLE = 'schema_migrations';

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'events, breaches, incidents, actions, rejects, checkpoints, snapshots',
    statements(d) {
      const text = sqlType(d, 'text');
      const big = sqlType(d, 'bigint');
      const eventCols = EVENT_COLUMNS.slice(0, EVENT_COLUMNS.findIndex((c) => c.name === 'json') + 1).map(
        (c) =>
          `${c.name} ${sqlType(d, c.type)}${c.name === 'time' || c.name === 'kind' || c.name === 'entity' || c.name === 'json' ? ' NOT NULL' : ''}`,
      );
      const eventsTable =
        d === 'sqlite'
          ? `CREATE TABLE events (id INTEGER PRIMARY KEY, ${eventCols.join(', ')})`
          : `CREATE TABLE events (${eventCols.join(', ')})`;
      const rejectsTable =
        d === 'sqlite'
          ? 'CREATE TABLE rejects (id INTEGER PRIMARY KEY, input TEXT NOT NULL, line INTEGER, reason TEXT NOT NULL, text TEXT NOT NULL)'
          : "CREATE TABLE rejects (id BIGINT PRIMARY KEY DEFAULT nextval('rejects_id'), input VARCHAR NOT NULL, line BIGINT, reason VARCHAR NOT NULL, text VARCHAR NOT NULL)";
      return [
        eventsTable,
        // Row-store indexes pay for themselves on SQLite; DuckDB prunes by zone maps and scans columns.
        ...(d === 'sqlite'
          ? [
              'CREATE INDEX events_time ON events (time)',
              'CREATE INDEX events_kind_time ON events (kind, time)',
              'CREATE INDEX events_entity_time ON events (entity, time)',
              'CREATE INDEX events_dst ON events (dst)',
              'CREATE INDEX events_user ON events (user_name)',
            ]
          : ['CREATE SEQUENCE rejects_id START 1']),
        `CREATE TABLE breaches (id ${text} PRIMARY KEY, time ${big} NOT NULL, model ${text} NOT NULL, entity ${text} NOT NULL, score DOUBLE NOT NULL, json ${text} NOT NULL)`,
        'CREATE INDEX breaches_time ON breaches (time)',
        `CREATE TABLE incidents (id ${text} PRIMARY KEY, start_time ${big} NOT NULL, end_time ${big} NOT NULL, status ${text} NOT NULL, score DOUBLE NOT NULL, json ${text} NOT NULL)`,
        `CREATE TABLE actions (id ${text} PRIMARY KEY, status ${text} NOT NULL, start_time ${big} NOT NULL, json ${text} NOT NULL)`,
        rejectsTable,
        `CREATE TABLE checkpoints (source ${text} PRIMARY KEY, updated ${big} NOT NULL, json ${text} NOT NULL)`,
        `CREATE TABLE snapshots (name ${text} PRIMARY KEY, time ${big} NOT NULL, state ${text} NOT NULL)`,
      ];
    },
  },
  {
    version: 2,
    name: 'hot columns for the connection uid, direction and the remote side (country, ASN, AS organisation)',
    statements(d) {
      const read = (path: string) =>
        d === 'sqlite' ? `json_extract(json, '${path}')` : `json_extract_string(json, '${path}')`;
      return [
        `ALTER TABLE events ADD COLUMN uid ${sqlType(d, 'text')}`,
        `ALTER TABLE events ADD COLUMN direction ${sqlType(d, 'text')}`,
        `ALTER TABLE events ADD COLUMN remote_country ${sqlType(d, 'text')}`,
        `ALTER TABLE events ADD COLUMN remote_asn ${sqlType(d, 'bigint')}`,
        `ALTER TABLE events ADD COLUMN remote_as_org ${sqlType(d, 'text')}`,
        `UPDATE events SET uid = ${read('$.uid')}, direction = ${read('$.direction')}, remote_country = ${read('$.remote.country')}, remote_asn = ${d === 'sqlite' ? read('$.remote.asn') : `TRY_CAST(${read('$.remote.asn')} AS BIGINT)`}, remote_as_org = ${read('$.remote.asOrg')}`,
      ];
    },
  },
];
