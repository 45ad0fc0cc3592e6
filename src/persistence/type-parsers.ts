/**
 * One set of result parsers for both drivers, so a row looks the same on the
 * embedded database and on PostgreSQL. The rule that matters: int8 becomes a
 * bigint, never a JS number, because money lives in int8 minor units.
 */
export const PG_OID = {
  bytea: 17,
  int8: 20,
  json: 114,
  date: 1082,
  timestamp: 1114,
  timestamptz: 1184,
  interval: 1186,
  numeric: 1700,
  jsonb: 3802,
} as const;

function parseBytea(text: string): Buffer {
  // Text format of bytea is hex: "\x0a0b…" (PostgreSQL's default bytea_output).
  return Buffer.from(text.startsWith('\\x') ? text.slice(2) : text, 'hex');
}

/** Parsers keyed by type OID; each receives the value in PostgreSQL's text format. */
export const TEXT_PARSERS: Record<number, (text: string) => unknown> = {
  [PG_OID.int8]: (text) => BigInt(text),
  [PG_OID.numeric]: (text) => text,
  [PG_OID.date]: (text) => text,
  [PG_OID.interval]: (text) => text,
  [PG_OID.timestamp]: (text) => new Date(`${text.replace(' ', 'T')}Z`),
  [PG_OID.timestamptz]: (text) => new Date(text.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00')),
  [PG_OID.bytea]: parseBytea,
  [PG_OID.json]: (text) => JSON.parse(text),
  [PG_OID.jsonb]: (text) => JSON.parse(text),
};
