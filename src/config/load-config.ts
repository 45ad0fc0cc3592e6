/**
 * Reads the broker's operating model at start: YAML → schema → frozen
 * TraderoomConfig. Anything wrong (unreadable file, YAML syntax, a field, a
 * reference) becomes one ConfigError listing every problem, so the process
 * refuses to start with a message that names the field.
 */
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDocument } from 'yaml';
import { ConfigError, configErrorMap, issuesFromZod } from './config-error';
import { type TraderoomConfig, traderoomConfigSchema } from './schema';

export { ConfigError } from './config-error';
export type { ConfigIssue } from './config-error';

/** The shipped demo configuration, used when neither an argument nor TRADEROOM_CONFIG names a file. */
export const DEMO_CONFIG_PATH = fileURLToPath(new URL('../../config/demo.yaml', import.meta.url));

const MAX_CONFIG_BYTES = 1024 * 1024;

export function loadConfig(path?: string): TraderoomConfig {
  const file = resolve(path ?? (process.env.TRADEROOM_CONFIG || DEMO_CONFIG_PATH));
  let text: string;
  try {
    const size = statSync(file).size;
    if (size > MAX_CONFIG_BYTES) {
      throw new ConfigError(file, [{ path: '(file)', message: `is ${size} bytes; the limit is ${MAX_CONFIG_BYTES}` }]);
    }
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError(file, [{ path: '(file)', message: `cannot be read: ${(error as Error).message}` }]);
  }
  return parseConfig(text, file);
}

/** Parses and validates configuration text; `source` names it in errors. */
export function parseConfig(text: string, source: string): TraderoomConfig {
  // YAML 1.2 core schema: `09:00` stays a string, `2026-12-25` stays a string.
  const document = parseDocument(text, { version: '1.2', schema: 'core', uniqueKeys: true, prettyErrors: true });
  if (document.errors.length > 0) {
    throw new ConfigError(
      source,
      document.errors.map((error) => {
        const at = error.linePos?.[0];
        return { path: at ? `line ${at.line}, column ${at.col}` : '(yaml)', message: firstLine(error.message) };
      }),
    );
  }
  let data: unknown;
  try {
    data = document.toJS({ maxAliasCount: 100 }); // bounds alias expansion ("billion laughs")
  } catch (error) {
    throw new ConfigError(source, [{ path: '(yaml)', message: (error as Error).message }]);
  }
  if (data === null || data === undefined) {
    throw new ConfigError(source, [{ path: '(root)', message: 'the configuration is empty' }]);
  }
  const result = traderoomConfigSchema.safeParse(data, { error: configErrorMap });
  if (!result.success) throw new ConfigError(source, issuesFromZod(result.error));
  return deepFreeze(result.data);
}

function firstLine(message: string): string {
  return (message.split('\n')[0] ?? message).replace(/ at line \d+, column \d+:?$/, '').trim();
}

/** Configuration is read-only at run time: a stray write is a TypeError, not a silent policy change. */
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
