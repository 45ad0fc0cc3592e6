/**
 * Status machine engine (SPEC §4). A machine is a declarative, frozen
 * transition table; `transition()` is a pure decision that either returns what
 * the use case must do or throws the domain error that refuses the change.
 * No I/O here: guards are named rules the use case evaluates and hands back,
 * effects are labels the use case performs in the same database transaction.
 */
import { ConflictError, ForbiddenError, ValidationError, invariant } from '../errors';
import { STAFF_ROLES, type StaffRole } from '../roles';

/** Who may fire an event: a non-staff actor kind, or a staff role. */
export type Firer = 'client' | 'system' | 'provider' | StaffRole;

/**
 * Tags let queues and the portal filter states without naming them.
 * - open: in flight; counts in queue sizes, ages and SLA timers
 * - needs_review: waiting for staff (a work queue owns it)
 * - client_action: waiting for the client (the portal shows a next step)
 * - awaiting_provider: waiting for a PSP, KYC provider or trading platform
 * - escalated: waiting for a supervisor
 * - restricted: the client's or account's rights are reduced
 * - resolved: an outcome is reached, but a later event may still move it (refund, expiry, return…)
 * - terminal: final; no event leaves it
 */
export const STATE_TAGS = [
  'open',
  'needs_review',
  'client_action',
  'awaiting_provider',
  'escalated',
  'restricted',
  'resolved',
  'terminal',
] as const;
export type StateTag = (typeof STATE_TAGS)[number];

/** Tags that describe who the record is waiting for: each implies `open`. */
const WAITING_TAGS: readonly StateTag[] = ['needs_review', 'client_action', 'awaiting_provider', 'escalated'];

/**
 * Named guards (business rules) the use case evaluates before firing an event.
 * The machine only names them; `guardResults` carries the verdicts (null = holds,
 * string = the refusal message).
 */
export const GUARDS = {
  four_eyes: 'the actor has not approved another stage of this record',
  supervisor_required: 'refuses when review rules require a supervisor step for this record',
  no_stage_skipped: 'a returned escalation goes back to the stage it came from or an earlier one',
  kyc_approved: "the client's KYC is currently approved",
  no_manual_restriction: 'the client has no open restriction other than a lapsed KYC',
  profile_complete: 'the client has every profile field the entity and client type require',
  required_documents_uploaded: 'every required document is on file (uploaded or approved)',
  required_documents_approved: 'every required document is approved and valid',
  requested_documents_uploaded: 'every document asked for in the last request has been uploaded',
  documents_specified: 'the request names at least one document type and a client-facing reason',
  assignee_has_role: 'the assignee is active staff holding the role the queue needs, in scope',
  assignee_or_supervisor: 'the actor is the current assignee, or a supervisor',
  expiry_date_recorded: 'a document type that expires has its expiry date recorded',
  document_not_expired: 'the document is not already expired or too old (proof of address age)',
  no_review_rule_hits: 'the deposit review rules produced no hit',
  available_balance_covers: "the client's available wallet balance covers the amount",
  hold_covers_amount: 'the withdrawal hold still covers the amount',
  wallet_empty: 'the client holds no funds in any wallet',
  no_open_requests: 'the client has no open deposit, withdrawal or KYC case',
  client_active: 'the owning client account is active',
  account_empty: 'the trading account has zero balance and no open positions',
} as const;
export type GuardName = keyof typeof GUARDS;

export interface EventDef<S extends string> {
  /** States the event may fire from. */
  readonly from: readonly S[];
  readonly to: S;
  /** Everyone who may ever fire it. */
  readonly by: readonly Firer[];
  /** Narrower firers for particular from-states (each a subset of `by`), e.g. only a supervisor decides an escalated case. */
  readonly byState?: Partial<Record<S, readonly Firer[]>>;
  /**
   * Staff decisions: 'required' means a staff firer must give a non-blank note; client, system and provider are exempt.
   * Whatever this says, an actor allowed only through the supervisor role must give a note (SPEC §3).
   */
  readonly note?: 'required' | 'optional';
  /** Reason code required from every firer; `codes` closes the list (otherwise a configured list the use case checks). */
  readonly reason?: { readonly required: true; readonly codes?: readonly string[] };
  /** Named rules the use case must evaluate and pass in `guardResults`. */
  readonly guards?: readonly GuardName[];
  /** Labels of what the use case performs in the same transaction ('hold.release', 'ledger.credit_wallet', 'notify.client'…). */
  readonly effects?: readonly string[];
}

export interface StateDef {
  readonly tags: readonly StateTag[];
  /** Stable status code the portal shows for this state (many internal states may share one). */
  readonly clientLabel: string;
}

export interface TransitionInput {
  /** The firer: 'client' | 'system' | 'provider', or a staff member's roles (allowed if any role may fire it). */
  by: Firer | readonly Firer[];
  note?: string | null;
  reason?: string | null;
  /**
   * Verdicts of the event's guards: null = the rule holds, a string = the refusal.
   * When given, every guard the event declares must be present (a missing one is a bug).
   * Omit it to check state, role, note and reason only.
   */
  guardResults?: Partial<Record<string, string | null>>;
}

export interface TransitionResult<S extends string, E extends string = string> {
  readonly machine: string;
  readonly event: E;
  readonly from: S;
  readonly to: S;
  readonly effects: readonly string[];
  readonly guards: readonly GuardName[];
  /** Trimmed note, or null when none was given. */
  readonly note: string | null;
  /** The reason code when the event takes one, else null. */
  readonly reason: string | null;
}

export interface Machine<S extends string, E extends string> {
  readonly name: string;
  readonly initial: S;
  readonly states: Readonly<Record<S, StateDef>>;
  readonly events: Readonly<Record<E, EventDef<S>>>;
  readonly stateNames: readonly S[];
  readonly eventNames: readonly E[];
  /** Pure decision; throws ConflictError / ForbiddenError / ValidationError, in that order of checks. */
  transition(state: S, event: E, input: TransitionInput): TransitionResult<S, E>;
  /** From-state check only. */
  can(state: S, event: E): boolean;
  eventsFrom(state: S): E[];
  statesTagged(tag: StateTag): S[];
  /** Who may fire `event` from `state` (byState override, else `by`). */
  firersFor(state: S, event: E): readonly Firer[];
  isState(value: string): value is S;
  isEvent(value: string): value is E;
}

export interface MachineDef<S extends string, E extends string> {
  name: string;
  initial: S;
  states: Record<S, StateDef>;
  events: Record<E, EventDef<S>>;
}

const STAFF = new Set<string>(STAFF_ROLES);
const FIRERS = new Set<string>(['client', 'system', 'provider', ...STAFF_ROLES]);

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

function hasText(value: string | null | undefined): value is string {
  return typeof value === 'string' && value.trim().length > 0;
}

function validate<S extends string, E extends string>(def: MachineDef<S, E>): void {
  const { name } = def;
  const states = Object.keys(def.states) as S[];
  const events = Object.entries(def.events) as [E, EventDef<S>][];
  const isState = (s: string): boolean => Object.hasOwn(def.states, s);

  invariant(name.trim() !== '', 'machine name is empty');
  invariant(isState(def.initial), `${name}: initial state "${def.initial}" is not declared`);

  for (const s of states) {
    const { tags, clientLabel } = def.states[s];
    invariant(clientLabel.trim() !== '', `${name}: state "${s}" has no client label`);
    for (const t of tags) invariant((STATE_TAGS as readonly string[]).includes(t), `${name}: state "${s}" has unknown tag "${t}"`);
    const open = tags.includes('open');
    invariant(!(open && (tags.includes('terminal') || tags.includes('resolved'))), `${name}: state "${s}" is both open and resolved/terminal`);
    for (const t of WAITING_TAGS) invariant(!tags.includes(t) || open, `${name}: state "${s}" is tagged "${t}" but not "open"`);
  }

  for (const [e, ev] of events) {
    invariant(ev.from.length > 0, `${name}: event "${e}" has no from-state`);
    invariant(ev.by.length > 0, `${name}: event "${e}" has nobody allowed to fire it`);
    for (const s of ev.from) invariant(isState(s), `${name}: event "${e}" comes from undeclared state "${s}"`);
    invariant(isState(ev.to), `${name}: event "${e}" goes to undeclared state "${ev.to}"`);
    for (const f of ev.by) invariant(FIRERS.has(f), `${name}: event "${e}" names unknown firer "${f}"`);
    for (const [s, firers] of Object.entries(ev.byState ?? {}) as [S, readonly Firer[]][]) {
      invariant(ev.from.includes(s), `${name}: event "${e}" has byState for "${s}", which is not a from-state`);
      invariant(firers.length > 0, `${name}: event "${e}" has nobody allowed to fire it from "${s}"`);
      for (const f of firers) invariant(ev.by.includes(f), `${name}: event "${e}" byState "${s}" names "${f}", who is not in by`);
    }
    for (const g of ev.guards ?? []) invariant(Object.hasOwn(GUARDS, g), `${name}: event "${e}" names unknown guard "${g}"`);
    if (ev.reason?.codes) invariant(ev.reason.codes.length > 0, `${name}: event "${e}" has an empty reason code list`);
  }

  for (const s of states) {
    const outgoing = events.filter(([, ev]) => ev.from.includes(s)).map(([e]) => e);
    if (def.states[s].tags.includes('terminal')) {
      invariant(outgoing.length === 0, `${name}: terminal state "${s}" has outgoing events: ${outgoing.join(', ')}`);
    } else {
      invariant(outgoing.length > 0, `${name}: state "${s}" is a dead end but not tagged terminal`);
    }
  }

  const reached = new Set<S>([def.initial]);
  const frontier: S[] = [def.initial];
  while (frontier.length > 0) {
    const s = frontier.pop() as S;
    for (const [, ev] of events) {
      if (ev.from.includes(s) && !reached.has(ev.to)) {
        reached.add(ev.to);
        frontier.push(ev.to);
      }
    }
  }
  const unreachable = states.filter((s) => !reached.has(s));
  invariant(unreachable.length === 0, `${name}: unreachable state(s) from "${def.initial}": ${unreachable.join(', ')}`);
}

export function defineMachine<S extends string, E extends string>(def: MachineDef<S, E>): Machine<S, E> {
  validate(def);
  const frozen = deepFreeze(structuredClone(def));
  const { name, initial, states, events } = frozen;
  const stateNames = Object.freeze(Object.keys(states) as S[]);
  const eventNames = Object.freeze(Object.keys(events) as E[]);
  const isState = (v: string): v is S => Object.hasOwn(states, v);
  const isEvent = (v: string): v is E => Object.hasOwn(events, v);

  const firersFor = (state: S, event: E): readonly Firer[] => events[event].byState?.[state] ?? events[event].by;

  function transition(state: S, event: E, input: TransitionInput): TransitionResult<S, E> {
    invariant(isState(state), `${name}: unknown state "${String(state)}"`);
    invariant(isEvent(event), `${name}: unknown event "${String(event)}"`);
    const ev = events[event];

    if (!ev.from.includes(state)) {
      throw new ConflictError(
        `${name}: cannot "${event}" when "${state}" (allowed from: ${ev.from.join(', ')})`,
        { machine: name, event, state, allowedFrom: [...ev.from] },
        'illegal_transition',
      );
    }

    const actorFirers: readonly Firer[] = typeof input.by === 'string' ? [input.by] : input.by;
    const allowed = firersFor(state, event);
    if (!actorFirers.some((f) => allowed.includes(f))) {
      throw new ForbiddenError(
        `${name}: "${event}" from "${state}" may only be done by ${allowed.join(', ')}`,
        { machine: name, event, state, allowed: [...allowed] },
        'role_not_allowed',
      );
    }

    // SPEC §3: a supervisor never acts without a note, whatever the event.
    const matched = actorFirers.filter((f) => allowed.includes(f));
    const byStaff = matched.some((f) => STAFF.has(f));
    const asSupervisorOnly = matched.every((f) => f === 'supervisor');
    if (((ev.note === 'required' && byStaff) || asSupervisorOnly) && !hasText(input.note)) {
      const why = ev.note === 'required' ? '' : ' (a supervisor always leaves a note)';
      throw new ValidationError(`${name}: "${event}" needs a note${why}`, { field: 'note' }, 'note_required');
    }

    let reason: string | null = null;
    if (ev.reason) {
      if (!hasText(input.reason)) {
        throw new ValidationError(`${name}: "${event}" needs a reason`, { field: 'reason', allowed: ev.reason.codes ? [...ev.reason.codes] : undefined }, 'reason_required');
      }
      reason = input.reason.trim();
      if (ev.reason.codes && !ev.reason.codes.includes(reason)) {
        throw new ValidationError(
          `${name}: unknown reason "${reason}" for "${event}" (allowed: ${ev.reason.codes.join(', ')})`,
          { field: 'reason', allowed: [...ev.reason.codes] },
          'reason_unknown',
        );
      }
    }

    const guards = ev.guards ?? [];
    if (input.guardResults) {
      for (const g of guards) {
        const refusal = input.guardResults[g];
        invariant(refusal !== undefined, `${name}: guard "${g}" of "${event}" was not evaluated`);
        if (refusal !== null) {
          throw new ConflictError(refusal, { machine: name, event, state, guard: g }, 'guard_failed');
        }
      }
    }

    return {
      machine: name,
      event,
      from: state,
      to: ev.to,
      effects: ev.effects ?? [],
      guards,
      note: hasText(input.note) ? input.note.trim() : null,
      reason,
    };
  }

  return Object.freeze({
    name,
    initial,
    states,
    events,
    stateNames,
    eventNames,
    transition,
    can: (state: S, event: E) => isEvent(event) && events[event].from.includes(state),
    eventsFrom: (state: S) => eventNames.filter((e) => events[e].from.includes(state)),
    statesTagged: (tag: StateTag) => stateNames.filter((s) => states[s].tags.includes(tag)),
    firersFor,
    isState,
    isEvent,
  });
}
