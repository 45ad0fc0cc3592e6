/**
 * Exhaustive table runner shared by the per-machine tests. Each test file
 * writes its expectations as literals; this runner walks every
 * (state, event, firer) and compares the machine with them, so a machine
 * change without a table change fails.
 */
import { describe, it, expect } from 'vitest';
import type { DomainError} from '../../../src/domain/errors';
import { ConflictError, ForbiddenError, InvariantViolation, ValidationError } from '../../../src/domain/errors';
import { STAFF_ROLES } from '../../../src/domain/roles';
import type { Firer, GuardName, Machine, StateTag, TransitionInput } from '../../../src/domain/machines/machine';

export const ALL_FIRERS: readonly Firer[] = ['client', 'system', 'provider', ...STAFF_ROLES];
const isStaff = (f: Firer): boolean => (STAFF_ROLES as readonly string[]).includes(f);

export interface EventExpectation {
  note?: 'required' | 'optional';
  /** 'free': a reason is required from an open (configured) list; an array: the closed list. */
  reason?: 'free' | readonly string[];
  guards?: readonly GuardName[];
  effects?: readonly string[];
}

export interface MachineExpectation<S extends string, E extends string> {
  name: string;
  initial: S;
  states: Record<S, { label: string; tags: readonly StateTag[] }>;
  events: Record<E, EventExpectation>;
  /** The only legal (event, from-state) pairs: target state and exactly who may fire it from there. */
  transitions: Record<E, Partial<Record<S, readonly [S, readonly Firer[]]>>>;
}

export function expectDomainError(fn: () => unknown, type: new (...args: never[]) => DomainError, status: number, code: string): DomainError {
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  expect(caught, `expected ${type.name} ${code}`).toBeInstanceOf(type);
  const error = caught as DomainError;
  expect(error.status).toBe(status);
  expect(error.code).toBe(code);
  return error;
}

function validReason(ev: EventExpectation): string | null {
  if (!ev.reason) return null;
  return ev.reason === 'free' ? 'provider_code_42' : (ev.reason[0] ?? null);
}

function input(ev: EventExpectation, by: Firer | readonly Firer[], extra: Partial<TransitionInput> = {}): TransitionInput {
  const guardResults = Object.freeze(Object.fromEntries((ev.guards ?? []).map((g) => [g, null])));
  return Object.freeze({ by, note: 'Checked against the file.', reason: validReason(ev), guardResults, ...extra });
}

export function runMachineTable<S extends string, E extends string>(machine: Machine<S, E>, exp: MachineExpectation<S, E>): void {
  const states = Object.keys(exp.states) as S[];
  const events = Object.keys(exp.events) as E[];
  const snapshot = JSON.stringify({ initial: machine.initial, states: machine.states, events: machine.events });

  describe(`${exp.name} machine definition`, () => {
    it('has exactly the expected name, initial state, states and events', () => {
      expect(machine.name).toBe(exp.name);
      expect(machine.initial).toBe(exp.initial);
      expect([...machine.stateNames].sort()).toEqual([...states].sort());
      expect([...machine.eventNames].sort()).toEqual([...events].sort());
      expect(Object.keys(exp.transitions).sort()).toEqual([...events].sort());
    });

    it.each(states)('state %s has the expected client label and tags', (s) => {
      expect(machine.states[s].clientLabel).toBe(exp.states[s].label);
      expect([...machine.states[s].tags].sort()).toEqual([...exp.states[s].tags].sort());
    });

    it('statesTagged() agrees with the table for every tag', () => {
      const tags = new Set(states.flatMap((s) => exp.states[s].tags));
      for (const tag of tags) {
        expect(machine.statesTagged(tag).sort()).toEqual(states.filter((s) => exp.states[s].tags.includes(tag)).sort());
      }
    });

    it.each(states)('eventsFrom(%s) and can() agree with the table', (s) => {
      const legal = events.filter((e) => exp.transitions[e][s] !== undefined);
      expect(machine.eventsFrom(s).sort()).toEqual(legal.sort());
      for (const e of events) expect(machine.can(s, e)).toBe(legal.includes(e));
    });
  });

  describe(`${exp.name}: every (state, event) pair`, () => {
    for (const s of states) {
      for (const e of events) {
        const legal = exp.transitions[e][s];
        const ev = exp.events[e];
        if (legal === undefined) {
          it(`${s} × ${e} → refused as illegal for every firer`, () => {
            for (const f of ALL_FIRERS) {
              const error = expectDomainError(() => machine.transition(s, e, input(ev, f)), ConflictError, 409, 'illegal_transition');
              expect(error.message).toContain(`${exp.name}: cannot "${e}" when "${s}" (allowed from: `);
            }
          });
          continue;
        }
        const [to, firers] = legal;
        it(`${s} × ${e} → ${to} by ${firers.join('|')} only`, () => {
          for (const f of ALL_FIRERS) {
            if (firers.includes(f)) {
              const result = machine.transition(s, e, input(ev, f));
              expect(result).toMatchObject({ machine: exp.name, event: e, from: s, to });
              expect([...result.effects]).toEqual([...(ev.effects ?? [])]);
              expect([...result.guards]).toEqual([...(ev.guards ?? [])]);
              expect(result.reason).toBe(validReason(ev));
              if (isStaff(f)) {
                // A staff member with several roles passes them all; one matching role is enough.
                expect(machine.transition(s, e, input(ev, ['admin', f])).to).toBe(to);
              }
            } else {
              expectDomainError(() => machine.transition(s, e, input(ev, f)), ForbiddenError, 403, 'role_not_allowed');
            }
          }
        });
      }
    }
  });

  describe(`${exp.name}: notes, reasons and guards per event`, () => {
    for (const e of events) {
      const ev = exp.events[e];
      const pairs = states.flatMap((s) => {
        const legal = exp.transitions[e][s];
        return legal ? [[s, legal[1]] as const] : [];
      });

      it(`${e}: note ${ev.note ?? 'not asked'} (a supervisor always leaves one)`, () => {
        for (const [s, firers] of pairs) {
          for (const f of firers) {
            for (const note of [undefined, null, '', '   \n']) {
              const attempt = (): unknown => machine.transition(s, e, input(ev, f, { note }));
              const needed = (ev.note === 'required' && isStaff(f)) || f === 'supervisor';
              if (needed) expectDomainError(attempt, ValidationError, 422, 'note_required');
              else expect(machine.transition(s, e, input(ev, f, { note })).note).toBeNull();
            }
            expect(machine.transition(s, e, input(ev, f, { note: '  Called the client.  ' })).note).toBe('Called the client.');
          }
        }
      });

      it(`${e}: reason ${ev.reason === undefined ? 'not asked' : ev.reason === 'free' ? 'required (configured list)' : 'required from a closed list'}`, () => {
        for (const [s, firers] of pairs) {
          for (const f of firers) {
            for (const reason of [undefined, null, '', '  ']) {
              const attempt = (): unknown => machine.transition(s, e, input(ev, f, { reason }));
              if (ev.reason) expectDomainError(attempt, ValidationError, 422, 'reason_required');
              else expect(machine.transition(s, e, input(ev, f, { reason })).reason).toBeNull();
            }
            if (Array.isArray(ev.reason)) {
              expectDomainError(() => machine.transition(s, e, input(ev, f, { reason: 'because_i_said_so' })), ValidationError, 422, 'reason_unknown');
              for (const code of ev.reason) expect(machine.transition(s, e, input(ev, f, { reason: ` ${code} ` })).reason).toBe(code);
            } else if (ev.reason === 'free') {
              expect(machine.transition(s, e, input(ev, f, { reason: 'any_configured_code' })).reason).toBe('any_configured_code');
            }
          }
        }
      });

      it(`${e}: guards ${ev.guards?.join(', ') || 'none'}`, () => {
        for (const [s, firers] of pairs) {
          const f = firers[0] as Firer;
          // Without guard results, the machine only checks state, role, note and reason.
          expect(machine.transition(s, e, input(ev, f, { guardResults: undefined })).to).toBeDefined();
          for (const g of ev.guards ?? []) {
            const refused = { ...input(ev, f).guardResults, [g]: `refused by ${g}` };
            const error = expectDomainError(() => machine.transition(s, e, input(ev, f, { guardResults: refused })), ConflictError, 409, 'guard_failed');
            expect(error.message).toBe(`refused by ${g}`);
            expect(error.details).toMatchObject({ guard: g });
            const { [g]: _omitted, ...missing } = input(ev, f).guardResults ?? {};
            expect(() => machine.transition(s, e, input(ev, f, { guardResults: missing }))).toThrow(InvariantViolation);
          }
        }
      });
    }
  });

  describe(`${exp.name}: immutability`, () => {
    it('is deeply frozen and unchanged after every decision above', () => {
      expect(Object.isFrozen(machine)).toBe(true);
      expect(Object.isFrozen(machine.states)).toBe(true);
      expect(Object.isFrozen(machine.events)).toBe(true);
      for (const e of events) {
        expect(Object.isFrozen(machine.events[e])).toBe(true);
        expect(Object.isFrozen(machine.events[e].from)).toBe(true);
      }
      expect(JSON.stringify({ initial: machine.initial, states: machine.states, events: machine.events })).toBe(snapshot);
    });
  });
}
