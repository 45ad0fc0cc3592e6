/**
 * Rebuilds a client's record from the client's audit events (SPEC §9: "the
 * state of a client's record as of any past moment"). Pure: give it the
 * events of the client's stream up to the moment, in stream order (seq), and
 * it folds them into the record, saying for every event whether it shaped the
 * record, lies outside it (logins, money movements, notes) or has an action
 * this fold does not know (kept, counted, never guessed at).
 */
import { CLIENT_HANDLERS } from './client-handlers';
import { emptyRecord, type ClientRecordAt } from './client-record-at';
import { DOCUMENT_HANDLERS } from './document-handlers';
import type { EventHandler, FoldState } from './fold-state';
import { KYC_CASE_HANDLERS } from './kyc-case-handlers';
import { TRADING_ACCOUNT_HANDLERS } from './trading-account-handlers';
import type { TrailEvent } from './trail-event';

export type EventEffect = 'applied' | 'outside_record' | 'unknown';

export interface ClientTrailFold {
  /** Null when no event of the client is in the range (not registered yet). */
  record: ClientRecordAt | null;
  /** One per event, in the order given. */
  effects: EventEffect[];
  /** What the trail could not tell, in plain sentences. */
  gaps: string[];
}

export const HANDLERS: Readonly<Record<string, EventHandler>> = {
  ...CLIENT_HANDLERS,
  ...DOCUMENT_HANDLERS,
  ...KYC_CASE_HANDLERS,
  ...TRADING_ACCOUNT_HANDLERS,
};

/** Events on the client's stream that do not change the record this view shows. */
const OUTSIDE_RECORD_ACTIONS: ReadonlySet<string> = new Set([
  'client.login_succeeded',
  'client.login_failed',
  'client.logged_out',
  'client.password_reset',
  'client.password_reset_requested',
  'client.registration_repeated',
  'document.viewed',
  'kyc_case.note_added',
  'operations.exported',
]);
/** Money movements (the wallet is read from the ledger), provider bookkeeping, reconciliation, support messages. */
const OUTSIDE_RECORD_PREFIXES = [
  'deposit.', 'withdrawal.', 'payout_destination.', 'trading_transfer.', 'kyc_provider.', 'platform_exception.', 'platform_balance_sync.', 'reconciliation_', 'message.', 'message_',
];

export function isOutsideRecord(action: string): boolean {
  return OUTSIDE_RECORD_ACTIONS.has(action) || OUTSIDE_RECORD_PREFIXES.some((prefix) => action.startsWith(prefix));
}

export function foldClientTrail(clientId: string, events: readonly TrailEvent[]): ClientTrailFold {
  const state: FoldState = { record: emptyRecord(clientId), gaps: new Set() };
  const effects: EventEffect[] = [];
  const unknown = new Map<string, number>();
  let applied = 0;
  let registered = false;
  for (const event of events) {
    const handler = HANDLERS[event.action];
    if (handler) {
      if (event.action === 'client.registered') registered = true;
      else if (!registered && applied === 0) state.gaps.add('The trail does not begin with the registration: the record was created outside the audited flows, so its first values are unknown.');
      handler(state, event);
      applied++;
      effects.push('applied');
    } else if (isOutsideRecord(event.action)) {
      effects.push('outside_record');
    } else {
      unknown.set(event.action, (unknown.get(event.action) ?? 0) + 1);
      effects.push('unknown');
    }
  }
  for (const [action, count] of unknown) {
    state.gaps.add(`${count} event${count === 1 ? '' : 's'} of action "${action}" ${count === 1 ? 'is' : 'are'} not known to this view and ${count === 1 ? 'was' : 'were'} not applied; see the timeline.`);
  }
  return { record: events.length === 0 ? null : state.record, effects, gaps: [...state.gaps] };
}
