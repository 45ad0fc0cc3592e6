/**
 * Point-in-time handlers for the client's own events: registration, email
 * verification, profile edits and change requests, risk, standing, payment
 * flags and screening hits. Each reads what the use case wrote into the
 * event's values (src/usecases/…) and tolerates older shapes: a key the event
 * lacks leaves the field as it was and, where it matters, records a gap.
 */
import { applyRiskLevel, setClientStatus, type EventHandler } from './fold-state';
import { integer, newOf, oldOf, strings, text, textOrNull } from './trail-event';
import { noteReviewCase } from './kyc-case-refs';

/** Keys of a profile event that describe the change rather than being profile fields. */
const PROFILE_META_KEYS = new Set(['changeRequestId', 'pendingReview', 'reviewCase', 'caseId']);

/** What registerClient writes besides the client's identity; the schema's defaults for risk (migrations/0002). */
const REGISTERED_STATUS = 'registered';

const registered: EventHandler = (state, event) => {
  const n = newOf(event);
  const client = state.record.client;
  const missing: string[] = [];
  for (const key of ['email', 'firstName', 'lastName', 'country', 'clientType', 'entityId', 'language'] as const) {
    const value = text(n, key);
    if (value === undefined) missing.push(key);
    else client[key] = value;
  }
  setClientStatus(state, text(n, 'status'));
  client.registeredAt = event.occurredAt;
  // registerClient starts every record at level "none"; a record created otherwise (the demo seed) says nothing.
  const level = text(n, 'verificationLevel') ?? (client.status === REGISTERED_STATUS ? 'none' : undefined);
  if (level === undefined) missing.push('verificationLevel');
  else client.verificationLevel = level;
  if (missing.length > 0) state.gaps.add(`The registration event (${event.actorType} ${event.actorId}) does not record: ${missing.join(', ')}.`);
  // A new record carries the schema's risk defaults until the first assessment.
  state.record.risk.computedLevel ??= 'low';
  state.record.risk.score ??= 0;
  applyRiskLevel(state);
};

const emailVerified: EventHandler = (state, event) => {
  const n = newOf(event);
  setClientStatus(state, text(n, 'status'));
  state.record.client.verificationLevel = text(n, 'verificationLevel') ?? state.record.client.verificationLevel;
  state.record.client.emailVerifiedAt = text(n, 'emailVerifiedAt') ?? event.occurredAt;
};

const profileChanged: EventHandler = (state, event) => {
  const n = newOf(event);
  const profile = state.record.profile;
  const pendingKeys = strings(n, 'pendingReview');
  const isRequest = event.action === 'client.profile_change_requested';
  if (isRequest && pendingKeys === undefined) {
    state.gaps.add(`A change request of ${event.occurredAt} does not say which fields awaited review; all its fields are shown as pending.`);
  }
  const pending: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(n)) {
    if (PROFILE_META_KEYS.has(key)) continue;
    if (isRequest && (pendingKeys === undefined || pendingKeys.includes(key))) pending[key] = value;
    else profile.fields[key] = value;
  }
  if (isRequest) {
    profile.pendingChange = { changeRequestId: text(n, 'changeRequestId') ?? null, fields: pending, requestedAt: event.occurredAt };
    noteReviewCase(state, event, n.reviewCase);
  }
};

const riskAssessed: EventHandler = (state, event) => {
  const n = newOf(event);
  const risk = state.record.risk;
  risk.computedLevel = text(n, 'riskLevel') ?? risk.computedLevel;
  risk.score = integer(n, 'riskScore') ?? risk.score;
  risk.factors = strings(n, 'factors') ?? risk.factors;
  applyRiskLevel(state);
};

const riskOverridden: EventHandler = (state, event) => {
  const n = newOf(event);
  const risk = state.record.risk;
  const override = textOrNull(n, 'riskOverride');
  if (override !== undefined) risk.override = override;
  applyRiskLevel(state);
  const effective = text(n, 'effectiveRisk');
  if (effective !== undefined && effective !== risk.level) {
    state.gaps.add(`The risk override of ${event.occurredAt} recorded an effective level (${effective}) the earlier events do not explain.`);
    risk.level = effective;
  }
  noteReviewCase(state, event, n.reviewCase ?? (text(n, 'reviewCaseId') ? { id: text(n, 'reviewCaseId'), kind: 'risk_review' } : undefined));
};

const standingChanged: EventHandler = (state, event) => {
  const n = newOf(event);
  setClientStatus(state, text(n, 'status'), textOrNull(n, 'restrictionReason') ?? null);
  if (event.action === 'client.closed') state.record.client.closureReason = text(n, 'closureReason') ?? null;
};

const languageChanged: EventHandler = (state, event) => {
  state.record.client.language = text(newOf(event), 'language') ?? state.record.client.language;
};

const flagged: EventHandler = (state, event) => {
  const n = newOf(event);
  const id = text(n, 'flagId');
  if (!id) return;
  state.record.openFlags.push({ id, kind: text(n, 'kind') ?? null, subjectType: text(n, 'subjectType') ?? null, subjectId: text(n, 'subjectId') ?? null, raisedAt: event.occurredAt, reason: event.note });
};

const flagCleared: EventHandler = (state, event) => {
  const id = text(oldOf(event), 'flagId');
  state.record.openFlags = state.record.openFlags.filter((flag) => flag.id !== id);
};

const screened: EventHandler = (state, event) => {
  for (const id of strings(newOf(event), 'newHits') ?? []) {
    if (!state.record.screeningHits.some((hit) => hit.id === id)) state.record.screeningHits.push({ id, status: 'open', caption: null, since: event.occurredAt });
  }
};

const screeningHitDecided: EventHandler = (state, event) => {
  const n = newOf(event);
  let hit = state.record.screeningHits.find((h) => h.id === event.subjectId);
  if (!hit) {
    hit = { id: event.subjectId, status: 'open', caption: null, since: event.occurredAt };
    state.record.screeningHits.push(hit);
  }
  hit.status = text(n, 'status') ?? event.action.slice('screening_hit.'.length);
  hit.caption = text(n, 'caption') ?? hit.caption;
};

export const CLIENT_HANDLERS: Record<string, EventHandler> = {
  'client.registered': registered,
  'client.email_verified': emailVerified,
  'client.profile_updated': profileChanged,
  'client.profile_change_requested': profileChanged,
  'client.risk_assessed': riskAssessed,
  'client.risk_overridden': riskOverridden,
  'client.restricted': standingChanged,
  'client.restriction_lifted': standingChanged,
  'client.closed': standingChanged,
  'client.language_changed': languageChanged,
  'client.flagged': flagged,
  'client.flag_cleared': flagCleared,
  'client.screened': screened,
  'screening_hit.cleared': screeningHitDecided,
  'screening_hit.confirmed': screeningHitDecided,
};
