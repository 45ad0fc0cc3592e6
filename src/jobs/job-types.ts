/** Every kind of background job, with its payload. Add a kind here and give it a handler. */
import type { StatusEmailTemplate } from '../domain/notifications/client-status-emails';

export const JOB_NAMES = [
  'email.send',
  'screening.screen_client',
  'screening.rescreen_all',
  'kyc_provider.create_applicant',
  'kyc.due_diligence',
  'withdrawal.payout',
  'platform.transfer',
  'platform.apply_rights',
  'platform.balance_sync',
  'reconciliation.run',
] as const;
export type JobName = (typeof JOB_NAMES)[number];

export interface EmailJob {
  template: 'email_verification' | 'password_reset' | 'staff_welcome' | 'message_received' | StatusEmailTemplate;
  to: string;
  language: string;
  variables: Record<string, string>;
}

export interface JobData {
  'email.send': EmailJob;
  /** Screen one client against the sanctions/PEP lists (at submission, and again when a list changes). */
  'screening.screen_client': { clientId: string; caseId?: string | null };
  /** Compare the list version with the last screening of every client; queue those that are out of date. */
  'screening.rescreen_all': { reason: string };
  /** Register the client with the KYC provider, when one is configured. */
  'kyc_provider.create_applicant': { clientId: string };
  /** The daily ongoing-due-diligence pass (expiring documents, lapses, periodic reviews). */
  'kyc.due_diligence': { asOf?: string };
  /** Send one payout attempt to the provider's payout API (idempotent: the attempt id is the key). */
  'withdrawal.payout': { payoutId: string };
  /** Apply one wallet ↔ trading-account transfer on the platform (exactly once: our reference is in the deal comment). */
  'platform.transfer': { transferId: string };
  /** Set a trading account's desired rights (platform_rights_sync) on its platform; the job reads them when it runs. */
  'platform.apply_rights': { tradingAccountId: string };
  /** Read balances and deals of the platforms' accounts, store snapshots, open exceptions for deals we did not make (scheduled, and on demand). */
  'platform.balance_sync': { platformId?: string };
  /** Execute a reconciliation run; without a run id (the daily schedule), create one first. */
  'reconciliation.run': { runId?: string };
}
