/**
 * Shapes of the server's withdrawal and payout-destination answers
 * (src/usecases/withdrawals/withdrawal-views.ts, payout-destinations.ts,
 * list-withdrawals.ts). Amounts are minor units as digit strings.
 */
import type { Page, SlaStatus } from './types';

// --- Payout destinations ----------------------------------------------------------

/** PAYOUT_DESTINATION_KINDS (src/domain/payments/payout-destination-rules.ts). */
export type PayoutDestinationKind = 'bank_account' | 'e_wallet' | 'crypto_address';
/** `unverified`: finance checks a proof before the first payout; `removed`: the client removed it. */
export type PayoutDestinationStatus = 'active' | 'unverified' | 'removed';

export interface PortalPayoutDestination {
  id: string;
  kind: PayoutDestinationKind;
  /** A short label ("IBAN DE89 …3000"), never the full number. */
  label: string;
  holderName: string;
  details: Record<string, string>;
  status: PayoutDestinationStatus;
  /** Before this instant a payout to it is refused (a security waiting period). */
  usableFrom: string;
  createdAt: string;
}

export interface AddPayoutDestinationInput {
  kind: PayoutDestinationKind;
  holderName: string;
  details: Record<string, string>;
}

export type NameMatch = 'match' | 'partial' | 'mismatch';

export interface StaffPayoutDestination extends PortalPayoutDestination {
  clientId: string;
  /** The holder's name against the client's legal name. */
  nameMatch: NameMatch;
  flags: string[];
  createdBy: string;
  version: number;
}

export interface PayoutDestinationEditInput {
  note: string;
  holderName?: string;
  details?: Record<string, string>;
  markVerified?: boolean;
  expectedVersion?: number;
}

// --- Withdrawals: portal -------------------------------------------------------------

/** Client-facing withdrawal statuses (src/domain/payments/client-payment-statuses.ts). */
export type ClientWithdrawalStatus = 'submitted' | 'under_review' | 'approved' | 'paid' | 'declined' | 'cancelled';

export interface PortalWithdrawal {
  id: string;
  methodId: string;
  amountMinor: string;
  currency: string;
  /** The destination's label at request time ("Back to the card used for deposits" for a card). */
  destination: string | null;
  status: ClientWithdrawalStatus;
  /** Why it was declined, in client-facing words. */
  reason: string | null;
  reasonCode: string | null;
  /** Until support picks it up. */
  canCancel: boolean;
  createdAt: string;
  updatedAt: string;
  paidAt: string | null;
}

export interface RequestWithdrawalInput {
  methodId: string;
  amountMinor: string;
  currency: string;
  /** Required unless the method pays back to a card. */
  destinationId?: string;
}

// --- Withdrawals: back office --------------------------------------------------------

/** The withdrawal machine's states (src/domain/machines/withdrawal-machine.ts). */
export type WithdrawalStatus =
  | 'submitted'
  | 'support_review'
  | 'compliance_review'
  | 'finance_review'
  | 'supervisor_review'
  | 'escalated'
  | 'payout_pending'
  | 'paid'
  | 'declined'
  | 'cancelled';

export type WithdrawalStage = 'support' | 'compliance' | 'finance' | 'supervisor';

/** WITHDRAWAL_QUEUES (src/usecases/withdrawals/list-withdrawals.ts). */
export type WithdrawalQueueName = 'support' | 'compliance' | 'finance' | 'supervisor' | 'escalated' | 'payout' | 'closed';

export interface WithdrawalReviewReason {
  code: string;
  /** For staff, never for the client. */
  detail: string;
}

/** The destination as it was when the client asked (what the payout uses). */
export interface WithdrawalDestinationSnapshot {
  kind: PayoutDestinationKind | 'card';
  label: string;
  holderName: string;
  details: Record<string, string>;
}

export interface StaffWithdrawal {
  id: string;
  clientId: string;
  clientName?: string;
  clientEmail?: string;
  entityId: string;
  methodId: string;
  methodKind: string;
  providerId: string;
  destinationId: string | null;
  destination: WithdrawalDestinationSnapshot;
  amountMinor: string;
  currency: string;
  status: WithdrawalStatus;
  clientStatus: ClientWithdrawalStatus;
  /** The stages it must pass, fixed when it was requested. */
  stages: WithdrawalStage[];
  reviewReasons: WithdrawalReviewReason[];
  escalatedFrom: WithdrawalStage | null;
  stageEnteredAt: string;
  /** The stage timer; null when nobody has to act. */
  sla: (SlaStatus & { target: string }) | null;
  assignedTo: string | null;
  declineReason: string | null;
  lastNote: string | null;
  payoutFailureReason: string | null;
  createdAt: string;
  updatedAt: string;
  paidAt: string | null;
  version: number;
}

export interface WithdrawalQueueItem extends StaffWithdrawal {
  clientName: string;
  clientEmail: string;
}

export type WithdrawalQueueSort = 'oldest' | 'newest';

export interface WithdrawalQueueQuery {
  queue?: WithdrawalQueueName | null;
  entity?: string | null;
  currency?: string | null;
  /** 'me' or 'unassigned'. */
  assignee?: string | null;
  sort?: WithdrawalQueueSort | null;
}

export interface WithdrawalQueuePage extends Page<WithdrawalQueueItem> {
  queue: WithdrawalQueueName;
  /** Per open queue (closed is not counted). */
  counts: Partial<Record<WithdrawalQueueName, number>>;
}

export interface WithdrawalStepView {
  /** Time spent in the state this step left, in working time against that stage's target. */
  stageSla: { target: string; workingMs: number; allowedWorkingMs: number; breached: boolean } | null;
  /** `request`, or a machine event. */
  event: string;
  fromStatus: WithdrawalStatus | null;
  toStatus: WithdrawalStatus;
  actorType: 'client' | 'staff' | 'provider' | 'system';
  actorId: string;
  actorName: string | null;
  /** The stage this step signed off (the four-eyes record). */
  approvedStage: WithdrawalStage | null;
  reason: string | null;
  note: string | null;
  elapsedMs: number | null;
  at: string;
}

export interface WithdrawalPayoutView {
  id: string;
  attempt: number;
  providerId: string;
  /** api: sent through the provider's payout API; manual: finance pays and records it. */
  channel: 'api' | 'manual';
  status: 'initiating' | 'pending' | 'paid' | 'failed' | 'returned';
  providerPayoutId: string | null;
  failureReason: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface WithdrawalDetail {
  withdrawal: StaffWithdrawal & { clientName: string; clientEmail: string };
  client: { status: string; riskLevel: string | null };
  /** The client's balance in the withdrawal's currency. */
  balance: { currency: string; availableMinor: string; onHoldMinor: string; debtMinor: string };
  /** The destination as it is now (null for a card). */
  destination: StaffPayoutDestination | null;
  steps: WithdrawalStepView[];
  payouts: WithdrawalPayoutView[];
}

/** STAFF_WITHDRAWAL_EVENTS (src/usecases/withdrawals/act-on-withdrawal.ts). */
export type StaffWithdrawalEvent =
  | 'start_review'
  | 'support_approve'
  | 'compliance_approve'
  | 'finance_approve'
  | 'finance_refer'
  | 'supervisor_approve'
  | 'decline'
  | 'escalate'
  | 'return_to_support'
  | 'return_to_compliance'
  | 'return_to_finance'
  | 'confirm_paid'
  | 'payout_failed'
  | 'payout_returned';

export interface WithdrawalActionInput {
  event: StaffWithdrawalEvent;
  note?: string;
  reason?: string;
  expectedVersion?: number;
}
