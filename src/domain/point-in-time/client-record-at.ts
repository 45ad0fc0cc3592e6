/**
 * A client's record as the audit trail says it was at a moment: the shape the
 * point-in-time fold builds (fold-client-trail.ts) and the back office shows.
 * `null` in a field means the trail does not say (an older event shape, or a
 * record written before the trail covered it); the fold's gaps explain why.
 */
export interface ClientRecordAt {
  client: {
    id: string;
    email: string | null;
    firstName: string | null;
    lastName: string | null;
    country: string | null;
    clientType: string | null;
    entityId: string | null;
    language: string | null;
    status: string | null;
    restrictionReason: string | null;
    closureReason: string | null;
    verificationLevel: string | null;
    emailVerifiedAt: string | null;
    kycVerifiedAt: string | null;
    nextReviewOn: string | null;
    registeredAt: string | null;
  };
  profile: {
    /** The profile fields in use then (a change awaiting review is not applied). */
    fields: Record<string, unknown>;
    /** A change of verified details awaiting compliance, with the values asked for. */
    pendingChange: { changeRequestId: string | null; fields: Record<string, unknown>; requestedAt: string } | null;
  };
  /** Every document version on record then, oldest first. */
  documents: DocumentAt[];
  risk: {
    /** The level in force: the override when there is one, else the computed level. */
    level: string | null;
    computedLevel: string | null;
    score: number | null;
    override: string | null;
    factors: string[];
  };
  kycCases: KycCaseAt[];
  tradingAccounts: TradingAccountAt[];
  /** Chargeback/refund flags open then. */
  openFlags: { id: string; kind: string | null; subjectType: string | null; subjectId: string | null; raisedAt: string; reason: string | null }[];
  screeningHits: { id: string; status: string; caption: string | null; since: string }[];
}

export interface DocumentAt {
  id: string;
  documentType: string | null;
  version: number | null;
  status: string;
  fileName: string | null;
  mimeType: string | null;
  sizeBytes: number | null;
  sha256: string | null;
  issueDate: string | null;
  expiryDate: string | null;
  uploadedAt: string | null;
  rejectionReason: string | null;
  clientMessage: string | null;
  decidedAt: string | null;
}

export interface KycCaseAt {
  id: string;
  kind: string | null;
  status: string | null;
  openedAt: string;
  submittedAt: string | null;
  decidedAt: string | null;
  decisionReason: string | null;
}

export interface TradingAccountAt {
  id: string;
  platformId: string | null;
  accountType: string | null;
  login: string | null;
  group: string | null;
  currency: string | null;
  leverage: number | null;
  status: string | null;
  /** Rights the platform last confirmed (or set at opening). */
  rights: string | null;
  /** Rights the account's status called for, when not yet confirmed by the platform. */
  desiredRights: string | null;
  failureReason: string | null;
  requestedAt: string | null;
  provisionedAt: string | null;
}

/** A record that exists from its first event: every field unknown until an event says. */
export function emptyRecord(clientId: string): ClientRecordAt {
  return {
    client: {
      id: clientId,
      email: null,
      firstName: null,
      lastName: null,
      country: null,
      clientType: null,
      entityId: null,
      language: null,
      status: null,
      restrictionReason: null,
      closureReason: null,
      verificationLevel: null,
      emailVerifiedAt: null,
      kycVerifiedAt: null,
      nextReviewOn: null,
      registeredAt: null,
    },
    profile: { fields: {}, pendingChange: null },
    documents: [],
    risk: { level: null, computedLevel: null, score: null, override: null, factors: [] },
    kycCases: [],
    tradingAccounts: [],
    openFlags: [],
    screeningHits: [],
  };
}
