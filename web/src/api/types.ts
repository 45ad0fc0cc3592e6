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
}

export interface NextStep {
  code: string;
  title: string;
  detail: string;
}

export interface PortalMe {
  client: PortalClient;
  nextSteps: NextStep[];
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
