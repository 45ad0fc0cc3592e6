/** `npm run simulate` arguments: every mistake is a clear message and exit code 2, before anything runs. */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { parseSimulateArgs, ScenarioArgsError } from '../../src/simulation/scenario-args';

function simulate(...args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/simulate.ts', ...args], { encoding: 'utf8', timeout: 60_000 });
}

describe('simulate arguments', () => {
  it('reads the issue example', () => {
    const { scenario, out } = parseSimulateArgs(['--clients', '1000', '--days', '30', '--staff', 'support=2,compliance=2,finance=1', '--seed', '7']);
    expect(scenario).toMatchObject({ clients: 1000, days: 30, seed: 7, staff: { support: 2, compliance: 2, finance: 1, supervisor: 1 } });
    expect(out).toBe('simulation-report.html');
  });

  it('takes decision times and a start date', () => {
    const { scenario } = parseSimulateArgs(['--decision-minutes', 'kyc=40,deposit=5', '--start', '2027-01-04', '--staff', 'supervisor=0']);
    expect(scenario.decisionMinutes.kyc_review).toBe(40);
    expect(scenario.decisionMinutes.deposit_review).toBe(5);
    expect(scenario.start).toBe('2027-01-04');
    expect(scenario.staff.supervisor).toBe(0);
  });

  it.each([
    [['--clients', 'many'], '--clients must be a whole number, got "many"'],
    [['--clients', '0'], '--clients must be between 1 and 100000, got 0'],
    [['--days', '400'], '--days must be between 1 and 366, got 400'],
    [['--staff', 'support=2,legal=1'], '--staff: unknown key "legal"'],
    [['--staff', 'support=two'], '--staff: "support=two" is not key=number'],
    [['--staff', 'finance=1.5'], '--staff: finance must be a whole number of people'],
    [['--decision-minutes', 'kyc=0'], '--decision-minutes: kyc must be above 0'],
    [['--start', '2026-02-30'], '--start must be a date YYYY-MM-DD, got "2026-02-30"'],
    [['--colour', 'red'], "Unknown option '--colour'"],
  ])('refuses %j', (args, message) => {
    expect(() => parseSimulateArgs(args)).toThrow(ScenarioArgsError);
    expect(() => parseSimulateArgs(args)).toThrow(message);
  });

  it('exits 2 with the message and the usage', () => {
    const run = simulate('--clients', 'lots');
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('--clients must be a whole number, got "lots"');
    expect(run.stderr).toContain('Usage: npm run simulate --');
    expect(run.stdout).toBe('');
  });
});
