/** Finding a KYC case of the record being rebuilt, by its own events or by a reference in another event. */
import type { KycCaseAt } from './client-record-at';
import type { FoldState } from './fold-state';
import { text, type TrailEvent } from './trail-event';

export function caseFor(state: FoldState, id: string, event: TrailEvent): KycCaseAt {
  const found = state.record.kycCases.find((c) => c.id === id);
  if (found) return found;
  if (!event.action.endsWith('.submitted') && event.action !== 'kyc_case.opened') {
    state.gaps.add(`KYC case ${id} appears first on ${event.occurredAt} (${event.action}); how it was opened is not in the trail.`);
  }
  const created: KycCaseAt = { id, kind: null, status: null, openedAt: event.occurredAt, submittedAt: null, decidedAt: null, decisionReason: null };
  state.record.kycCases.push(created);
  return created;
}

/** A case a use case opened (or added to) on the side, named in its event as `{ id, kind, status }`. */
export function noteReviewCase(state: FoldState, event: TrailEvent, value: unknown): void {
  const values = typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  const id = values ? text(values, 'id') : undefined;
  if (!values || !id) return;
  const known = state.record.kycCases.find((c) => c.id === id);
  const kycCase = known ?? { id, kind: null, status: null, openedAt: event.occurredAt, submittedAt: null, decidedAt: null, decisionReason: null };
  if (!known) state.record.kycCases.push(kycCase);
  kycCase.kind = text(values, 'kind') ?? kycCase.kind;
  kycCase.status = text(values, 'status') ?? kycCase.status;
}
