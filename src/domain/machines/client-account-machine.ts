/**
 * Client record lifecycle (SPEC §5, §7). Restriction is only for an active
 * (KYC-approved) client: before that the client has no rights to take away,
 * and a refused onboarding is handled by the KYC case or by closing.
 */
import { defineMachine } from './machine';

export const CLIENT_RESTRICTION_REASONS = ['kyc_lapsed', 'compliance_hold', 'suspected_fraud', 'client_request'] as const;
export const CLIENT_CLOSURE_REASONS = ['client_request', 'compliance_decision', 'duplicate_account', 'dormant'] as const;

export type ClientAccountState = 'registered' | 'email_verified' | 'active' | 'restricted' | 'closed';
export type ClientAccountEvent = 'verify_email' | 'activate' | 'restrict' | 'lift_restriction' | 'reinstate' | 'close';

/** The events compliance fires by hand on the client record (POST /api/backoffice/clients/:id/status). */
export const STAFF_CLIENT_EVENTS = ['restrict', 'lift_restriction', 'close'] as const satisfies readonly ClientAccountEvent[];
export type StaffClientEvent = (typeof STAFF_CLIENT_EVENTS)[number];

const RIGHTS_CHANGED = ['platform.set_rights', 'notify.client'] as const;

export const clientAccountMachine = defineMachine<ClientAccountState, ClientAccountEvent>({
  name: 'client_account',
  initial: 'registered',
  states: {
    registered: { tags: ['open', 'client_action'], clientLabel: 'email_verification_required' },
    email_verified: { tags: ['open', 'client_action'], clientLabel: 'verification_required' },
    active: { tags: [], clientLabel: 'active' },
    restricted: { tags: ['restricted'], clientLabel: 'restricted' },
    closed: { tags: ['terminal'], clientLabel: 'closed' },
  },
  events: {
    verify_email: { from: ['registered'], to: 'email_verified', by: ['client'] },
    /** Fired by the KYC use case when the client's KYC case is approved. */
    activate: {
      from: ['email_verified'],
      to: 'active',
      by: ['system'],
      guards: ['kyc_approved'],
      effects: ['notify.client'],
    },
    restrict: {
      from: ['active'],
      to: 'restricted',
      by: ['compliance', 'supervisor', 'system'],
      note: 'required',
      reason: { required: true, codes: CLIENT_RESTRICTION_REASONS },
      effects: RIGHTS_CHANGED,
    },
    lift_restriction: {
      from: ['restricted'],
      to: 'active',
      by: ['compliance', 'supervisor'],
      note: 'required',
      guards: ['kyc_approved'],
      effects: RIGHTS_CHANGED,
    },
    /** Automatic lift after re-approval, only when the sole restriction was a lapsed KYC. */
    reinstate: {
      from: ['restricted'],
      to: 'active',
      by: ['system'],
      guards: ['kyc_approved', 'no_manual_restriction'],
      effects: RIGHTS_CHANGED,
    },
    close: {
      from: ['registered', 'email_verified', 'active', 'restricted'],
      to: 'closed',
      by: ['compliance', 'supervisor'],
      note: 'required',
      reason: { required: true, codes: CLIENT_CLOSURE_REASONS },
      guards: ['wallet_empty', 'no_open_requests'],
      effects: ['platform.archive_accounts', 'session.revoke_all', 'notify.client'],
    },
  },
});
