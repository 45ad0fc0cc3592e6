/** The one error a bad configuration produces, naming every offending field. */
import type { z } from 'zod';
import { renderPath } from './config-path';

export interface ConfigIssue {
  /** `entities[1].paymentMethods[0].currencies`, or `line 3, column 5` for YAML syntax. */
  path: string;
  message: string;
}

export class ConfigError extends Error {
  constructor(
    readonly source: string,
    readonly issues: readonly ConfigIssue[],
  ) {
    super(`Invalid configuration ${source}:\n${issues.map((issue) => `  ${issue.path}: ${issue.message}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** One ConfigIssue per offending field; an unknown key is reported at the key itself. */
export function issuesFromZod(error: z.ZodError): ConfigIssue[] {
  return error.issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ path: renderPath([...issue.path, key]), message: 'unknown key' }))
      : [{ path: renderPath(issue.path), message: issue.message }],
  );
}

/** Short messages for zod's built-in checks; schema-level messages take precedence. */
export const configErrorMap: z.core.$ZodErrorMap = (iss) => {
  switch (iss.code) {
    case 'invalid_type':
      if (iss.input === undefined) return 'required';
      if (iss.expected === 'int' && typeof iss.input === 'number') return 'must be an integer';
      return `expected ${EXPECTED_NAMES[iss.expected] ?? iss.expected}, got ${kindOf(iss.input)}`;
    case 'invalid_value':
      return `must be one of: ${iss.values.map((value) => String(value)).join(', ')}`;
    case 'too_small': {
      const min = Number(iss.minimum);
      if (iss.origin === 'array') return min === 1 ? 'must not be empty' : `must have at least ${min} items`;
      if (iss.origin === 'string') return min === 1 ? 'must not be empty' : `must be at least ${min} characters`;
      return iss.inclusive ? `must be at least ${min}` : `must be greater than ${min}`;
    }
    case 'too_big': {
      const max = Number(iss.maximum);
      if (iss.origin === 'array') return `must have at most ${max} items`;
      if (iss.origin === 'string') return `must be at most ${max} characters`;
      return iss.inclusive ? `must be at most ${max}` : `must be less than ${max}`;
    }
    case 'invalid_format':
      return iss.format === 'email' ? 'must be an email address' : undefined;
    default:
      return undefined;
  }
};

/** In YAML words: a configuration author writes mappings and lists, not objects and arrays. */
const EXPECTED_NAMES: Partial<Record<string, string>> = { object: 'a mapping', array: 'a list', record: 'a mapping' };

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return typeof value;
}
