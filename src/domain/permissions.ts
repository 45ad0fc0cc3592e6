/**
 * Who may do what (SPEC §3): ONE declared map from action to the staff roles
 * allowed to perform it, checked by every back-office use case through
 * `authorize`. Entity scope is checked in the same call. Tests walk the whole
 * matrix: every action × role × in/out of scope.
 */
import { ForbiddenError, UnauthenticatedError } from './errors';
import type { Actor, StaffRole } from './roles';

export const PERMISSIONS = {
  'client.search': ['support', 'compliance', 'finance', 'supervisor'],
  'client.view': ['support', 'compliance', 'finance', 'supervisor'],
  'client.timeline.view': ['support', 'compliance', 'finance', 'supervisor'],
  // Restrict, lift a restriction, close: which role may fire which event is the client machine's `by`.
  'client.status.change': ['compliance', 'supervisor'],
  'staff.list': ['admin', 'supervisor'],
  'staff.create': ['admin'],
  'kyc.queue.view': ['support', 'compliance', 'supervisor'],
  'kyc.case.view': ['support', 'compliance', 'supervisor'],
  'kyc.case.note': ['support', 'compliance', 'supervisor'],
  'kyc.case.claim': ['compliance', 'supervisor'],
  'kyc.case.assign': ['supervisor'],
  'kyc.case.decide': ['compliance', 'supervisor'],
  'kyc.case.escalate': ['compliance'],
  'document.view': ['support', 'compliance', 'supervisor'],
  'document.review': ['compliance', 'supervisor'],
  'screening.decide': ['compliance', 'supervisor'],
  'risk.override': ['compliance', 'supervisor'],
  'deposit.view': ['support', 'compliance', 'finance', 'supervisor'],
  'deposit.review': ['finance', 'supervisor'],
  // Read-only: a client's balances and journal. Not admin, who manages staff and configuration, not client records.
  'wallet.view': ['support', 'compliance', 'finance', 'supervisor'],
  'withdrawal.view': ['support', 'compliance', 'finance', 'supervisor'],
  // Which stage each role may act on is the withdrawal machine's `by`/`byState`.
  'withdrawal.decide': ['support', 'compliance', 'finance', 'supervisor'],
  // Recording a payout made outside the provider API, or its failure or return.
  'withdrawal.payout.record': ['finance'],
  'payout_destination.view': ['support', 'compliance', 'finance', 'supervisor'],
  // Staff never quietly change where money goes: only finance, always with a note.
  'payout_destination.edit': ['finance'],
  // Read-only: a client's trading accounts (group, rights, status) and wallet ↔ account transfers.
  'trading_account.view': ['support', 'compliance', 'finance', 'supervisor'],
  // Platform sync health: trading accounts whose platform rights lag behind their status.
  'platform.sync.view': ['support', 'compliance', 'finance', 'supervisor'],
  // Queue the rights job again for one account (audited).
  'platform.sync.retry': ['support', 'supervisor'],
  // Reconciliation (SPEC §8): runs, their breaks and the platform exceptions queue. Broker-wide lists;
  // a break or exception of a client is seen and resolved within the staff member's entities.
  'reconciliation.view': ['compliance', 'finance', 'supervisor'],
  // Start a reconciliation run or a balance sync.
  'reconciliation.run': ['finance'],
  // Resolve a break or a platform exception, always with a note (audited).
  'reconciliation.resolve': ['finance'],
  // Operations view (SPEC §10): queue sizes, ages, SLA breaches, approval times, payment rates. For those who answer
  // for a function's throughput (compliance, finance) and supervisors; support works queues, admin sees no client records.
  'operations.view': ['compliance', 'finance', 'supervisor'],
  // CSV exports (queues, decisions, withdrawals with stage times, a client's audit events): bulk data leaving the
  // system, so the same roles, each export also needing the view permission of what it holds; every export is audited.
  'operations.export': ['compliance', 'finance', 'supervisor'],
  // Client messages (one thread per client): read a thread, the support inbox and attachments; mark a thread read.
  'message.view': ['support', 'compliance', 'finance', 'supervisor'],
  // Write to a client (the client is emailed that a message waits; the body stays in the portal).
  'message.send': ['support', 'compliance', 'finance', 'supervisor'],
} as const satisfies Record<string, readonly StaffRole[]>;

export type Action = keyof typeof PERMISSIONS;
export const ACTIONS = Object.keys(PERMISSIONS) as Action[];

export type StaffActor = Extract<Actor, { type: 'staff' }>;

export function roleMayPerform(role: StaffRole, action: Action): boolean {
  return (PERMISSIONS[action] as readonly StaffRole[]).includes(role);
}

export function inEntityScope(actor: StaffActor, entityId: string): boolean {
  return actor.entityIds === 'all' || actor.entityIds.includes(entityId);
}

/**
 * Refuses unless the actor is staff, holds a role allowed for the action and,
 * when the action concerns an entity's record, is scoped to that entity.
 */
export function authorize(actor: Actor, action: Action, scope?: { entityId: string }): asserts actor is StaffActor {
  if (actor.type !== 'staff') throw new UnauthenticatedError('A back-office session is required');
  if (!actor.roles.some((role) => roleMayPerform(role, action))) {
    throw new ForbiddenError(`Your roles (${actor.roles.join(', ')}) do not allow "${action}"`, {
      action,
      allowedRoles: PERMISSIONS[action],
    });
  }
  if (scope && !inEntityScope(actor, scope.entityId)) {
    throw new ForbiddenError(`You are not assigned to entity "${scope.entityId}"`, { action, entityId: scope.entityId }, 'out_of_scope');
  }
}
