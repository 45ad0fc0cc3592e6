/**
 * `npm run simulate -- …` arguments into a Scenario. Every mistake is a
 * ScenarioArgsError naming the argument and what is accepted (the CLI prints
 * it with the usage and exits 2).
 */
import { parseArgs } from 'node:util';
import { isCalendarDate } from '../domain/calendar-date';
import { DECISION_KEYS, DEFAULT_SCENARIO, LIMITS, WORKING_ROLES, type QueueName, type Scenario, type WorkingRole } from './scenario';

export class ScenarioArgsError extends Error {}

export const USAGE = `Usage: npm run simulate -- [--clients N] [--days N] [--staff support=2,compliance=2,finance=1,supervisor=1]
                         [--seed N] [--start YYYY-MM-DD] [--out simulation-report.html]
                         [--decision-minutes kyc=25,deposit=8,support=6,compliance=12,finance=10,supervisor=8]`;

export interface SimulateArgs {
  scenario: Scenario;
  out: string;
}

function integer(name: string, value: string | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value)) throw new ScenarioArgsError(`--${name} must be a whole number, got "${value}"`);
  const n = Number(value);
  if (n < min || n > max) throw new ScenarioArgsError(`--${name} must be between ${min} and ${max}, got ${n}`);
  return n;
}

/** `key=value,key=value` with known keys and numeric values. */
function pairs(name: string, value: string, known: readonly string[], max: number, allowZero: boolean): Map<string, number> {
  const out = new Map<string, number>();
  for (const part of value.split(',')) {
    const match = /^([a-z_]+)=(\d+(?:\.\d+)?)$/.exec(part.trim());
    if (!match) throw new ScenarioArgsError(`--${name}: "${part}" is not key=number (known keys: ${known.join(', ')})`);
    const [, key, raw] = match as unknown as [string, string, string];
    if (!known.includes(key)) throw new ScenarioArgsError(`--${name}: unknown key "${key}" (known keys: ${known.join(', ')})`);
    if (out.has(key)) throw new ScenarioArgsError(`--${name}: "${key}" is given twice`);
    const n = Number(raw);
    if ((!allowZero && n === 0) || n > max) {
      throw new ScenarioArgsError(`--${name}: ${key} must be ${allowZero ? `between 0 and ${max}` : `above 0 and at most ${max}`}, got ${raw}`);
    }
    out.set(key, n);
  }
  return out;
}

export function parseSimulateArgs(argv: readonly string[]): SimulateArgs {
  let values: Record<string, string | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      allowPositionals: false,
      strict: true,
      options: {
        clients: { type: 'string' },
        days: { type: 'string' },
        staff: { type: 'string' },
        seed: { type: 'string' },
        start: { type: 'string' },
        out: { type: 'string' },
        'decision-minutes': { type: 'string' },
      },
    }) as { values: Record<string, string | undefined> });
  } catch (error) {
    throw new ScenarioArgsError((error as Error).message);
  }
  const staff: Record<WorkingRole, number> = { ...DEFAULT_SCENARIO.staff };
  if (values.staff !== undefined) {
    const given = pairs('staff', values.staff, WORKING_ROLES, LIMITS.staffPerRole, true);
    for (const [role, n] of given) {
      if (!Number.isInteger(n)) throw new ScenarioArgsError(`--staff: ${role} must be a whole number of people, got ${n}`);
      staff[role as WorkingRole] = n;
    }
  }
  const decisionMinutes: Record<QueueName, number> = { ...DEFAULT_SCENARIO.decisionMinutes };
  if (values['decision-minutes'] !== undefined) {
    for (const [key, n] of pairs('decision-minutes', values['decision-minutes'], Object.keys(DECISION_KEYS), LIMITS.decisionMinutes, false)) {
      decisionMinutes[DECISION_KEYS[key]!] = n;
    }
  }
  const start = values.start ?? DEFAULT_SCENARIO.start;
  if (!isCalendarDate(start)) throw new ScenarioArgsError(`--start must be a date YYYY-MM-DD, got "${start}"`);
  const out = values.out ?? 'simulation-report.html';
  if (out.trim() === '') throw new ScenarioArgsError('--out must name a file');
  return {
    scenario: {
      clients: integer('clients', values.clients, DEFAULT_SCENARIO.clients, 1, LIMITS.clients),
      days: integer('days', values.days, DEFAULT_SCENARIO.days, 1, LIMITS.days),
      seed: integer('seed', values.seed, DEFAULT_SCENARIO.seed, 0, 4_294_967_295),
      staff,
      start,
      decisionMinutes,
    },
    out,
  };
}
