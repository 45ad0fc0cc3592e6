import { clientAccountMachine, type ClientAccountEvent, type ClientAccountState } from '../../../src/domain/machines/client-account-machine';
import type { Firer } from '../../../src/domain/machines/machine';
import { runMachineTable, type MachineExpectation } from './machine-table';

const STAFF_DECIDERS: Firer[] = ['compliance', 'supervisor'];

const expectation: MachineExpectation<ClientAccountState, ClientAccountEvent> = {
  name: 'client_account',
  initial: 'registered',
  states: {
    registered: { label: 'email_verification_required', tags: ['open', 'client_action'] },
    email_verified: { label: 'verification_required', tags: ['open', 'client_action'] },
    active: { label: 'active', tags: [] },
    restricted: { label: 'restricted', tags: ['restricted'] },
    closed: { label: 'closed', tags: ['terminal'] },
  },
  events: {
    verify_email: {},
    activate: { guards: ['kyc_approved'], effects: ['notify.client'] },
    restrict: {
      note: 'required',
      reason: ['kyc_lapsed', 'compliance_hold', 'suspected_fraud', 'client_request'],
      effects: ['platform.set_rights', 'notify.client'],
    },
    lift_restriction: { note: 'required', guards: ['kyc_approved'], effects: ['platform.set_rights', 'notify.client'] },
    reinstate: { guards: ['kyc_approved', 'no_manual_restriction'], effects: ['platform.set_rights', 'notify.client'] },
    close: {
      note: 'required',
      reason: ['client_request', 'compliance_decision', 'duplicate_account', 'dormant'],
      guards: ['wallet_empty', 'no_open_requests'],
      effects: ['platform.archive_accounts', 'session.revoke_all', 'notify.client'],
    },
  },
  transitions: {
    verify_email: { registered: ['email_verified', ['client']] },
    activate: { email_verified: ['active', ['system']] },
    restrict: { active: ['restricted', ['compliance', 'supervisor', 'system']] },
    lift_restriction: { restricted: ['active', STAFF_DECIDERS] },
    reinstate: { restricted: ['active', ['system']] },
    close: {
      registered: ['closed', STAFF_DECIDERS],
      email_verified: ['closed', STAFF_DECIDERS],
      active: ['closed', STAFF_DECIDERS],
      restricted: ['closed', STAFF_DECIDERS],
    },
  },
};

runMachineTable(clientAccountMachine, expectation);
