/**
 * Every record type's status machine, in one place (SPEC §4). Use cases fire
 * events through `MACHINES[name].transition(...)`; queues filter by tag.
 */
import { clientAccountMachine } from './client-account-machine';
import { depositMachine } from './deposit-machine';
import { documentMachine } from './document-machine';
import { kycCaseMachine } from './kyc-case-machine';
import { tradingAccountMachine } from './trading-account-machine';
import { withdrawalMachine } from './withdrawal-machine';

export * from './machine';
export * from './client-account-machine';
export * from './kyc-case-machine';
export * from './document-machine';
export * from './deposit-machine';
export * from './withdrawal-machine';
export * from './trading-account-machine';

export const MACHINES = Object.freeze({
  client_account: clientAccountMachine,
  kyc_case: kycCaseMachine,
  document: documentMachine,
  deposit: depositMachine,
  withdrawal: withdrawalMachine,
  trading_account: tradingAccountMachine,
});
export type MachineName = keyof typeof MACHINES;
export const MACHINE_NAMES = Object.freeze(Object.keys(MACHINES) as MachineName[]);
