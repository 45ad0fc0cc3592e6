import { describe, it, expect } from 'vitest';
import { ConflictError, ForbiddenError, InvariantViolation, ValidationError } from '../../../src/domain/errors';
import { MACHINES, MACHINE_NAMES, kycCaseMachine, withdrawalMachine } from '../../../src/domain/machines';
import { defineMachine, type Machine, type MachineDef } from '../../../src/domain/machines/machine';
import { expectDomainError } from './machine-table';

type S = 'open' | 'review' | 'done' | 'closed';
type DeepMutable<T> = { -readonly [K in keyof T]: DeepMutable<T[K]> };
type E = 'start' | 'decide' | 'close' | 'reopen';

function toyDef(): DeepMutable<MachineDef<S, E>> {
  return {
    name: 'toy',
    initial: 'open',
    states: {
      open: { tags: ['open', 'client_action'], clientLabel: 'open' },
      review: { tags: ['open', 'needs_review'], clientLabel: 'under_review' },
      done: { tags: ['resolved'], clientLabel: 'done' },
      closed: { tags: ['terminal'], clientLabel: 'closed' },
    },
    events: {
      start: { from: ['open'], to: 'review', by: ['client', 'support'], note: 'optional' },
      decide: {
        from: ['review'],
        to: 'done',
        by: ['compliance', 'supervisor', 'system'],
        note: 'required',
        reason: { required: true, codes: ['ok', 'fine'] },
        guards: ['four_eyes', 'kyc_approved'],
        effects: ['notify.client'],
      },
      reopen: { from: ['done'], to: 'review', by: ['compliance', 'supervisor'], byState: { done: ['supervisor'] }, note: 'required' },
      close: { from: ['open', 'review', 'done'], to: 'closed', by: ['supervisor'], reason: { required: true } },
    },
  };
}

const toy = defineMachine(toyDef());
const decideInput = { by: 'compliance' as const, note: 'Looked.', reason: 'ok', guardResults: { four_eyes: null, kyc_approved: null } };

describe('transition(): order and shape of refusals', () => {
  it('names the machine, event, state and allowed from-states in an illegal transition', () => {
    const error = expectDomainError(() => kycCaseMachine.transition('approved', 'approve', { by: 'compliance', note: 'x' }), ConflictError, 409, 'illegal_transition');
    expect(error.message).toBe('kyc_case: cannot "approve" when "approved" (allowed from: under_review, escalated)');
    expect(error.details).toEqual({ machine: 'kyc_case', event: 'approve', state: 'approved', allowedFrom: ['under_review', 'escalated'] });
  });

  it('checks state first, then role, then note, then reason, then guards', () => {
    // wrong state and wrong role: the state wins
    expectDomainError(() => toy.transition('open', 'decide', { by: 'client' }), ConflictError, 409, 'illegal_transition');
    // wrong role, no note, no reason: the role wins
    expectDomainError(() => toy.transition('review', 'decide', { by: 'finance' }), ForbiddenError, 403, 'role_not_allowed');
    // no note and no reason: the note wins
    expectDomainError(() => toy.transition('review', 'decide', { by: 'compliance' }), ValidationError, 422, 'note_required');
    // no reason and a failing guard: the reason wins
    expectDomainError(
      () => toy.transition('review', 'decide', { ...decideInput, reason: null, guardResults: { four_eyes: 'no', kyc_approved: null } }),
      ValidationError,
      422,
      'reason_required',
    );
    expectDomainError(() => toy.transition('review', 'decide', { ...decideInput, reason: 'meh' }), ValidationError, 422, 'reason_unknown');
    const error = expectDomainError(
      () => toy.transition('review', 'decide', { ...decideInput, guardResults: { four_eyes: 'You approved the compliance stage', kyc_approved: null } }),
      ConflictError,
      409,
      'guard_failed',
    );
    expect(error.message).toBe('You approved the compliance stage');
  });

  it('returns the decision with trimmed note and reason', () => {
    expect(toy.transition('review', 'decide', { ...decideInput, note: '  Looked.\n', reason: ' fine ' })).toEqual({
      machine: 'toy',
      event: 'decide',
      from: 'review',
      to: 'done',
      effects: ['notify.client'],
      guards: ['four_eyes', 'kyc_approved'],
      note: 'Looked.',
      reason: 'fine',
    });
  });

  it('allows a staff member through any one of their roles; an empty role list is refused', () => {
    expect(toy.transition('review', 'decide', { ...decideInput, by: ['admin', 'finance', 'compliance'] }).to).toBe('done');
    expectDomainError(() => toy.transition('review', 'decide', { ...decideInput, by: ['admin', 'finance'] }), ForbiddenError, 403, 'role_not_allowed');
    expectDomainError(() => toy.transition('review', 'decide', { ...decideInput, by: [] }), ForbiddenError, 403, 'role_not_allowed');
  });

  it('narrows firers per from-state with byState', () => {
    expectDomainError(() => toy.transition('done', 'reopen', { by: 'compliance', note: 'x' }), ForbiddenError, 403, 'role_not_allowed');
    expect(toy.transition('done', 'reopen', { by: 'supervisor', note: 'x' }).to).toBe('review');
    expect(toy.firersFor('done', 'reopen')).toEqual(['supervisor']);
  });

  it('asks a note of staff only; client, system and provider are exempt', () => {
    expect(toy.transition('review', 'decide', { ...decideInput, by: 'system', note: null }).note).toBeNull();
    expectDomainError(() => toy.transition('review', 'decide', { ...decideInput, note: ' \t ' }), ValidationError, 422, 'note_required');
    expect(toy.transition('open', 'start', { by: 'support' }).to).toBe('review');
    expect(toy.transition('open', 'start', { by: 'client' }).to).toBe('review');
  });

  it('never lets a supervisor act without a note, even where the note is optional or not asked', () => {
    expectDomainError(() => toy.transition('open', 'close', { by: 'supervisor', reason: 'dup' }), ValidationError, 422, 'note_required');
    expect(toy.transition('open', 'close', { by: 'supervisor', reason: 'dup', note: 'Duplicate.' }).to).toBe('closed');
    expectDomainError(() => kycCaseMachine.transition('pending', 'claim', { by: 'supervisor' }), ValidationError, 422, 'note_required');
    // a compliance officer who is also a supervisor claims as compliance: no note needed
    expect(kycCaseMachine.transition('pending', 'claim', { by: ['supervisor', 'compliance'] }).to).toBe('under_review');
  });

  it('checks guards only when results are given; ignores undeclared results; a missing declared one is a bug', () => {
    expect(toy.transition('review', 'decide', { ...decideInput, guardResults: undefined }).to).toBe('done');
    expect(toy.transition('review', 'decide', { ...decideInput, guardResults: { four_eyes: null, kyc_approved: null, wallet_empty: 'x' } }).to).toBe('done');
    expect(() => toy.transition('review', 'decide', { ...decideInput, guardResults: { four_eyes: null } })).toThrow(InvariantViolation);
    expect(() => toy.transition('review', 'decide', { ...decideInput, guardResults: { four_eyes: null, kyc_approved: undefined } })).toThrow(InvariantViolation);
  });

  it('treats an unknown state or event as a bug', () => {
    expect(() => toy.transition('nope' as S, 'start', { by: 'client' })).toThrow(InvariantViolation);
    expect(() => toy.transition('open', 'nope' as E, { by: 'client' })).toThrow(InvariantViolation);
    expect(toy.can('open', 'nope' as E)).toBe(false);
  });

  it('changes nothing: frozen definition, frozen inputs accepted, caller definition detached', () => {
    const def = toyDef();
    const machine = defineMachine(def);
    def.events.start.to = 'done';
    expect(machine.events.start.to).toBe('review');
    expect(() => {
      (machine.events.start.from as S[]).push('done');
    }).toThrow(TypeError);
    const frozenInput = Object.freeze({ ...decideInput, guardResults: Object.freeze({ ...decideInput.guardResults }) });
    const before = JSON.stringify(machine);
    expect(machine.transition('review', 'decide', frozenInput).to).toBe('done');
    expect(JSON.stringify(machine)).toBe(before);
  });
});

describe('queries', () => {
  it('can / eventsFrom / statesTagged / isState / isEvent', () => {
    expect(toy.can('open', 'start')).toBe(true);
    expect(toy.can('done', 'start')).toBe(false);
    expect(toy.eventsFrom('review')).toEqual(['decide', 'close']);
    expect(toy.eventsFrom('closed')).toEqual([]);
    expect(toy.statesTagged('open')).toEqual(['open', 'review']);
    expect(toy.statesTagged('terminal')).toEqual(['closed']);
    expect(toy.isState('review')).toBe(true);
    expect(toy.isState('toString')).toBe(false);
    expect(toy.isEvent('close')).toBe(true);
    expect(toy.isEvent('constructor')).toBe(false);
  });
});

describe('defineMachine() refuses a bad definition at load', () => {
  const broken: [string, (def: DeepMutable<MachineDef<S, E>>) => void, RegExp][] = [
    ['an unreachable state', (d) => (d.events.start.to = 'open'), /unreachable state\(s\) from "open": review, done/],
    ['a terminal state with an outgoing event', (d) => (d.events.reopen.from = ['done', 'closed']), /terminal state "closed" has outgoing events: reopen/],
    ['an undeclared initial state', (d) => (d.initial = 'limbo' as S), /initial state "limbo" is not declared/],
    ['an undeclared from-state', (d) => (d.events.start.from = ['limbo' as S]), /comes from undeclared state "limbo"/],
    ['an undeclared target', (d) => (d.events.start.to = 'limbo' as S), /goes to undeclared state "limbo"/],
    ['a dead end not tagged terminal', (d) => (d.states.closed.tags = ['resolved']), /state "closed" is a dead end but not tagged terminal/],
    ['an event nobody may fire', (d) => (d.events.start.by = []), /has nobody allowed to fire it/],
    ['an event from no state', (d) => (d.events.close.from = []), /has no from-state/],
    ['an unknown firer', (d) => (d.events.start.by = ['robot' as 'client']), /unknown firer "robot"/],
    ['byState naming someone not in by', (d) => (d.events.reopen.byState = { done: ['finance'] }), /byState "done" names "finance", who is not in by/],
    ['byState for a state that is not a from-state', (d) => (d.events.reopen.byState = { open: ['supervisor'] }), /not a from-state/],
    ['an unknown guard', (d) => (d.events.start.guards = ['vibes' as 'four_eyes']), /unknown guard "vibes"/],
    ['an empty closed reason list', (d) => (d.events.close.reason = { required: true, codes: [] }), /empty reason code list/],
    ['a state both open and resolved', (d) => (d.states.done.tags = ['open', 'resolved']), /both open and resolved\/terminal/],
    ['a waiting tag without open', (d) => (d.states.review.tags = ['needs_review']), /tagged "needs_review" but not "open"/],
    ['an unknown tag', (d) => (d.states.review.tags = ['open', 'shiny' as 'open']), /unknown tag "shiny"/],
    ['a blank client label', (d) => (d.states.review.clientLabel = ' '), /has no client label/],
  ];

  it.each(broken)('%s', (_label, breakIt, message) => {
    const def = toyDef();
    breakIt(def);
    expect(() => defineMachine(def)).toThrow(InvariantViolation);
    expect(() => defineMachine(def)).toThrow(message);
  });

  it('accepts the untouched toy definition', () => {
    expect(() => defineMachine(toyDef())).not.toThrow();
  });
});

describe('all machines', () => {
  const all = MACHINE_NAMES.map((name) => MACHINES[name] as unknown as Machine<string, string>);

  it('are keyed by their own name', () => {
    expect([...MACHINE_NAMES].sort()).toEqual(['client_account', 'deposit', 'document', 'kyc_case', 'trading_account', 'withdrawal']);
    for (const name of MACHINE_NAMES) expect(MACHINES[name].name).toBe(name);
  });

  it('never let admin decide anything (SPEC §3)', () => {
    for (const m of all) {
      for (const [e, ev] of Object.entries(m.events)) expect(ev.by, `${m.name}.${e}`).not.toContain('admin');
    }
  });

  it('leave an escalated record to the supervisor alone', () => {
    for (const m of all) {
      if (!m.isState('escalated')) continue;
      for (const e of m.eventsFrom('escalated')) expect(m.firersFor('escalated', e), `${m.name}.${e}`).toEqual(['supervisor']);
    }
  });

  it('guard every withdrawal approval with four eyes, and release the hold on every way out without payment', () => {
    const approvals = withdrawalMachine.eventNames.filter((e) => withdrawalMachine.events[e].to === 'payout_pending' || e.endsWith('_approve') || e === 'finance_refer');
    expect(approvals.sort()).toEqual(['compliance_approve', 'finance_approve', 'finance_refer', 'supervisor_approve', 'support_approve']);
    for (const e of approvals) expect(withdrawalMachine.events[e].guards).toContain('four_eyes');
    for (const e of withdrawalMachine.eventNames) {
      const to = withdrawalMachine.events[e].to;
      if (to === 'declined' || to === 'cancelled') expect(withdrawalMachine.events[e].effects).toContain('hold.release');
    }
  });
});
