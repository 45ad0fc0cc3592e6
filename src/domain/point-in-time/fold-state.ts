/** What a handler of the point-in-time fold works on: the record being rebuilt and the gaps found so far. */
import type { ClientRecordAt } from './client-record-at';
import type { TrailEvent } from './trail-event';

export interface FoldState {
  record: ClientRecordAt;
  /** Plain sentences: what the trail could not tell, for the reader of the view. */
  gaps: Set<string>;
}

export type EventHandler = (state: FoldState, event: TrailEvent) => void;

/** A status is set; a client that is no longer restricted has no restriction reason. */
export function setClientStatus(state: FoldState, status: string | undefined, restrictionReason?: string | null): void {
  const client = state.record.client;
  if (status === undefined) return;
  client.status = status;
  if (restrictionReason !== undefined) client.restrictionReason = restrictionReason;
  if (status !== 'restricted') client.restrictionReason = null;
  if (status !== 'closed') client.closureReason = null;
}

export function applyRiskLevel(state: FoldState): void {
  const risk = state.record.risk;
  risk.level = risk.override ?? risk.computedLevel;
}
