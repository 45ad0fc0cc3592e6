/** Shapes of the server's JSON answers, as the web app uses them. */

export type ClientType = 'individual' | 'corporate';

export interface Country {
  code: string;
  name: string;
}

export interface RegistrationOptions {
  countries: Country[];
  clientTypes: ClientType[];
}

export interface RegisterInput {
  email: string;
  password: string;
  country: string;
  clientType: ClientType;
  firstName: string;
  lastName: string;
}

export interface RegisterResult {
  client: { id: string; email: string; status: string };
  message: string;
}

/** Verification level: the server decides its representation (name or number). */
export type VerificationLevel = string | number;

export interface PortalClient {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  country: string;
  clientType: ClientType;
  entity: { id: string; name: string; regulator: string | null };
  status: string;
  verificationLevel: VerificationLevel;
  /** The language of the client's portal and emails ('en' | 'ar'). */
  language?: string;
}

export interface NextStep {
  code: string;
  title: string;
  detail: string;
}

export interface PortalMe {
  client: PortalClient;
  nextSteps: NextStep[];
  capabilities?: Capabilities;
  csrfToken: string;
}

export interface PortalLoginResult {
  client: Pick<PortalClient, 'id' | 'email'> & Partial<PortalClient>;
  csrfToken: string;
}

export type EntityScope = string[] | 'all';

export interface Staff {
  id: string;
  email: string;
  displayName: string;
  roles: string[];
  entityIds: EntityScope;
}

export interface TotpEnrolment {
  secret: string;
  otpauthUri: string;
  qrDataUrl: string;
}

export type StaffLoginResult = { stage: 'totp_enrolment'; enrolment: TotpEnrolment } | { stage: 'totp' };

export interface StaffSession {
  staff: Staff;
  csrfToken: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface ClientSummary {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  country: string;
  entityId: string;
  status: string;
  /** A restriction reason code while restricted (kyc_lapsed, compliance_hold, …), else null. */
  restrictionReason: string | null;
  verificationLevel: VerificationLevel;
  createdAt: string;
}

export interface ClientDetail extends ClientSummary {
  clientType: ClientType;
  emailVerifiedAt: string | null;
  entity: { id: string; name: string };
}

export interface TimelineEvent {
  id: string;
  occurredAt: string;
  actorType: string;
  actorId: string | null;
  actorLabel: string | null;
  action: string;
  subjectType: string;
  subjectId: string;
  oldValues: Record<string, unknown> | null;
  newValues: Record<string, unknown> | null;
  note: string | null;
  requestId: string | null;
  ip: string | null;
}

/** A legal entity in the staff member's scope (GET /api/backoffice/entities). */
export interface EntityInfo {
  id: string;
  name: string;
  regulator: string | null;
  /** Base currencies and the payment methods' currencies. */
  currencies?: string[];
}

export interface StaffMember extends Staff {
  totpEnrolled: boolean;
  active: boolean;
  createdAt: string;
}

export interface CreateStaffInput {
  email: string;
  displayName: string;
  roles: string[];
  entityIds: EntityScope;
}

export interface CreateStaffResult {
  staff: StaffMember;
  temporaryPassword: string;
}

// --- Portal: capabilities (GET /api/portal/me) ---------------------------------

export interface PaymentMethodView {
  id: string;
  name: string;
  kind: string;
  /** Usable now; empty when hidden. */
  directions: string[];
  visible: boolean;
  /** Client-facing: why a hidden method is hidden and what to do about it. */
  hiddenBecause: string | null;
  currencies: string[];
  limits: Record<string, { minMinor: number; maxMinor: number }>;
}

export interface Capabilities {
  canDeposit: boolean;
  canWithdraw: boolean;
  canTrade: boolean;
  reasons: { capability: string; code: string; message: string }[];
  paymentMethods: PaymentMethodView[];
}

// --- Portal: profile -------------------------------------------------------------

export type ProfileFieldName =
  | 'legal_name'
  | 'date_of_birth'
  | 'nationality'
  | 'residential_address'
  | 'tax_residence'
  | 'tax_number'
  | 'employment_status'
  | 'source_of_funds'
  | 'trading_experience'
  | 'company_name'
  | 'registration_number'
  | 'incorporation_country'
  | 'registered_address'
  | 'directors'
  | 'beneficial_owners';

export interface LegalName {
  firstName: string;
  middleName?: string;
  lastName: string;
}

export interface Address {
  line1: string;
  line2?: string;
  city: string;
  postalCode: string;
  country: string;
}

export interface Person {
  fullName: string;
  dateOfBirth?: string;
  nationality: string;
}

export interface BeneficialOwner extends Person {
  ownershipPercent: number;
}

/** Stored values by field (shapes in src/domain/onboarding/profile-field-schemas.ts). */
export type ProfileValues = Partial<Record<ProfileFieldName, unknown>>;

export interface ProfileChangeRequest {
  id: string;
  status: string;
  fields: ProfileFieldName[];
  /** The new values asked for, by field. */
  requested: ProfileValues;
  createdAt: string;
  decidedAt: string | null;
}

export interface Profile {
  clientType: ClientType;
  fields: ProfileValues;
  required: ProfileFieldName[];
  progress: { done: number; total: number };
  changeRequests: ProfileChangeRequest[];
}

export interface ProfileUpdateResult {
  applied: ProfileFieldName[];
  changeRequest: { id: string; fields: ProfileFieldName[]; proofOfAddressRequired: boolean } | null;
}

// --- Portal: documents -----------------------------------------------------------

export interface ClientDocument {
  id: string;
  documentType: string;
  version: number;
  status: string;
  fileName: string;
  mimeType: string;
  sizeBytes: number;
  issueDate: string | null;
  expiryDate: string | null;
  uploadedAt: string;
  /** The reviewer's words for the client, when a document was not accepted. */
  clientMessage: string | null;
}

export interface DocumentTypeInfo {
  id: string;
  name: string;
  expiryRequired: boolean;
  issueDateRequired: boolean;
  maxAgeDays: number | null;
  acceptedMimeTypes: string[];
  maxBytes: number;
}

export interface DocumentRequirement {
  label: string;
  documentTypes: DocumentTypeInfo[];
}

export interface ClientDocuments {
  items: ClientDocument[];
  requirements: DocumentRequirement[];
}

export interface UploadDocumentInput {
  documentType: string;
  issueDate?: string;
  expiryDate?: string;
  file: File;
}

// --- Back office: KYC ------------------------------------------------------------

export type RiskLevel = 'low' | 'medium' | 'high';

export interface SlaStatus {
  dueAt: string;
  /** Working time left; negative by the working time overdue once breached. */
  remainingWorkingMs: number;
  breached: boolean;
  /** Working time used / allowed; above 1 once breached. */
  fractionUsed: number;
  elapsedWorkingMs: number;
  allowedWorkingMs: number;
}

export interface KycQueueItem {
  id: string;
  clientId: string;
  clientName: string;
  clientEmail: string;
  entityId: string;
  country: string;
  kind: string;
  status: string;
  riskLevel: RiskLevel | null;
  assignee: { id: string; name: string | null } | null;
  submittedAt: string | null;
  ageMs: number | null;
  /** Null unless the case waits for a reviewer (the timer is stopped). */
  sla: SlaStatus | null;
  version: number;
}

export interface KycQueuePage extends Page<KycQueueItem> {
  counts: Record<string, number>;
}

export interface KycQueueQuery {
  entity?: string | null;
  country?: string | null;
  risk?: string | null;
  status?: string | null;
  assignee?: string | null;
  minAgeHours?: number | null;
  sort?: 'age' | 'sla' | null;
}

export interface RequestedDocuments {
  documentTypes: string[];
  reason: string;
}

export interface RiskFactor {
  code: string;
  detail: string;
  points: number;
}

export interface CaseDocument {
  id: string;
  documentType: string;
  version: number;
  status: string;
  fileName: string;
  mimeType: string;
  sizeBytes: number;
  issueDate: string | null;
  expiryDate: string | null;
  uploadedAt: string;
  rejectionReason: string | null;
  clientMessage: string | null;
  supersedesId: string | null;
}

export interface ScreeningHit {
  id: string;
  matchEntityId: string;
  caption: string;
  schema: string;
  score: number;
  topics: string[];
  datasets: string[];
  explanation: string;
  listVersion: string;
  status: string;
  decisionNote: string | null;
  decidedAt: string | null;
}

export interface CaseHistoryEvent {
  id: string;
  occurredAt: string;
  actorType: string;
  actorId: string | null;
  action: string;
  subjectType: string;
  oldValues: Record<string, unknown> | null;
  newValues: Record<string, unknown> | null;
  note: string | null;
}

export interface KycCaseDetail {
  case: {
    id: string;
    kind: string;
    status: string;
    version: number;
    openedReason: string | null;
    openedAt: string;
    submittedAt: string | null;
    slaDueAt: string | null;
    /** Null unless the case waits for a reviewer (the timer is stopped). */
    sla: SlaStatus | null;
    riskLevel: RiskLevel | null;
    assignee: { id: string; name: string } | null;
    decidedAt: string | null;
    decisionReason: string | null;
    requestedDocuments: RequestedDocuments[] | null;
    clientMessage: string | null;
    /** The events this staff member may fire now (role checked by the server; the assignee rule is not). */
    allowedEvents: string[];
  };
  client: {
    id: string;
    email: string;
    firstName: string;
    lastName: string;
    country: string;
    clientType: ClientType;
    entity: { id: string; name: string };
    status: string;
    verificationLevel: VerificationLevel;
    risk: { level: RiskLevel | null; computedLevel: RiskLevel | null; score: number | null; factors: RiskFactor[] | null; overridden: boolean };
  };
  profile: { fields: ProfileValues; required: ProfileFieldName[] };
  requiredDocuments: { label: string; anyOf: string[] }[];
  documents: CaseDocument[];
  screeningHits: ScreeningHit[];
  changeRequests: { id: string; status: string; oldFields: ProfileValues; newFields: ProfileValues; createdAt: string }[];
  notes: { id: string; body: string; author: string; createdAt: string }[];
  history: CaseHistoryEvent[];
  rejectionReasons: { code: string; label: string }[];
  /** Every configured document type: what compliance may ask for, and the names to show. */
  documentTypes: { id: string; name: string }[];
}

export type KycDecisionInput =
  | { decision: 'approve'; note: string; expectedVersion: number }
  | { decision: 'reject'; note: string; reason: string; clientMessage?: string; expectedVersion: number }
  | { decision: 'request_documents'; note: string; documents: RequestedDocuments[]; expectedVersion: number };

export type DocumentReviewInput =
  | { decision: 'approve'; note?: string }
  | { decision: 'reject'; reason: string; clientMessage: string; note: string };

// --- Money: wallet and deposits (amounts are minor units as digit strings) -------

export interface WalletBalance {
  currency: string;
  availableMinor: string;
  onHoldMinor: string;
  /** What the client owes, as a positive amount. */
  debtMinor: string;
}

/** Client-facing deposit statuses (src/domain/payments/client-payment-statuses.ts). */
export type ClientDepositStatus = 'pending' | 'processing' | 'credited' | 'under_review' | 'failed' | 'refunded' | 'charged_back';

export interface PortalDeposit {
  id: string;
  methodId: string;
  methodName: string | null;
  amountMinor: string;
  currency: string;
  status: ClientDepositStatus;
  /** The provider page to pay on, while the deposit waits for payment. */
  paymentUrl: string | null;
  reason: string | null;
  createdAt: string;
  creditedAt: string | null;
}

export interface CreateDepositInput {
  methodId: string;
  amountMinor: string;
  currency: string;
}

export interface CreateDepositResult {
  deposit: PortalDeposit;
  redirectUrl: string;
}

export interface DepositRuleHit {
  code: string;
  detail: string;
}

/** An open flag on the client (chargeback, refund, debt), shown to staff until cleared. */
export interface ClientFlag {
  id: string;
  kind: string;
  subjectType: string;
  subjectId: string;
  reason: string;
  createdAt: string;
  createdBy: string;
}

export interface StaffDeposit {
  id: string;
  clientId: string;
  clientName?: string;
  clientEmail?: string;
  /** The client's open flags and debts, beside the deposit (queue and deposit view). */
  clientOpenFlags?: ClientFlag[];
  clientDebts?: { currency: string; debtMinor: string }[];
  entityId: string;
  methodId: string;
  methodName: string | null;
  methodKind: string;
  providerId: string;
  amountMinor: string;
  currency: string;
  status: string;
  clientStatus: ClientDepositStatus;
  providerSessionId: string | null;
  providerReference: string | null;
  processedAmountMinor: string | null;
  processedCurrency: string | null;
  payerName: string | null;
  ruleHits: DepositRuleHit[];
  failureReason: string | null;
  decisionReason: string | null;
  decisionNote: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
  createdAt: string;
  confirmedAt: string | null;
  creditedAt: string | null;
  version: number;
  /** Null unless the deposit waits for a decision (the timer is stopped). */
  sla: SlaStatus | null;
}

export interface DepositQueueItem extends StaffDeposit {
  clientName: string;
  clientEmail: string;
  /** Sent to review (or created, for states before the provider's confirmation). */
  waitingSince: string | null;
  ageMs: number | null;
}

export type DepositQueueSort = 'oldest' | 'newest' | 'amount';

export interface DepositQueueQuery {
  entity?: string | null;
  status?: string | null;
  currency?: string | null;
  sort?: DepositQueueSort | null;
}

export interface DepositQueuePage extends Page<DepositQueueItem> {
  /** Per review status (under_review, escalated). */
  counts: Record<string, number>;
}

export interface DepositHistoryEvent {
  id: string;
  occurredAt: string;
  actorType: string;
  actorId: string | null;
  actorLabel: string | null;
  action: string;
  oldValues: Record<string, unknown> | null;
  newValues: Record<string, unknown> | null;
  note: string | null;
}

export interface DepositDetail {
  deposit: StaffDeposit & { clientName: string; clientEmail: string; decidedByName: string | null };
  client: { id: string; name: string; email: string; country: string; riskLevel: RiskLevel | null; entity: { id: string; name: string } };
  history: DepositHistoryEvent[];
  /** What this staff member may decide now (role and state checked by the server). */
  allowedDecisions: ('approve' | 'reject')[];
  rejectionReasons: string[];
}

export type DepositDecisionInput =
  | { decision: 'approve'; note: string; expectedVersion: number }
  | { decision: 'reject'; reason: string; note: string; expectedVersion: number };

export interface JournalLine {
  account: string;
  accountKind: 'client_wallet' | 'client_hold' | 'client_debt';
  currency: string;
  /** Signed: > 0 into the account. */
  amountMinor: string;
}

export interface JournalEntry {
  id: string;
  kind: string;
  occurredAt: string;
  description: string;
  /** "staff:<id>", "provider:<id>", "client:<id>", "system:<id>". */
  createdBy: string;
  /** Readable: the staff member's name, "provider demo_card", "client", "system". */
  createdByLabel: string;
  businessRef: { type: string; id: string };
  /** The deposit this entry belongs to, when there is one. */
  depositId: string | null;
  lines: JournalLine[];
}

export interface ClientWallet {
  balances: WalletBalance[];
  journal: Page<JournalEntry>;
}
