-- Onboarding and KYC: profile, documents (versioned, content-addressed files),
-- KYC cases with their queue indexes, internal notes, screening hits, profile
-- change requests, and the provider inbox for webhooks applied exactly once.

ALTER TABLE client
  ADD COLUMN risk_level        text NOT NULL DEFAULT 'low' CHECK (risk_level IN ('low', 'medium', 'high')),
  ADD COLUMN risk_score        integer NOT NULL DEFAULT 0 CHECK (risk_score BETWEEN 0 AND 100),
  ADD COLUMN risk_factors      jsonb NOT NULL DEFAULT '[]',
  ADD COLUMN risk_override     text CHECK (risk_override IN ('low', 'medium', 'high')),
  ADD COLUMN kyc_verified_at   timestamptz,
  ADD COLUMN next_review_on    date,
  ADD COLUMN restriction_reason text;

CREATE TABLE client_profile (
  client_id   uuid PRIMARY KEY REFERENCES client (id),
  fields      jsonb NOT NULL DEFAULT '{}',
  updated_at  timestamptz NOT NULL
);

CREATE TABLE document (
  id              uuid PRIMARY KEY,
  client_id       uuid NOT NULL REFERENCES client (id),
  document_type   text NOT NULL,
  version         integer NOT NULL CHECK (version >= 1),
  status          text NOT NULL,
  file_sha256     text NOT NULL CHECK (file_sha256 ~ '^[0-9a-f]{64}$'),
  mime_type       text NOT NULL,
  size_bytes      bigint NOT NULL CHECK (size_bytes > 0),
  file_name       text NOT NULL,
  issue_date      date,
  expiry_date     date,
  supersedes_id   uuid REFERENCES document (id),
  rejection_reason text,
  client_message  text,
  uploaded_at     timestamptz NOT NULL,
  reviewed_at     timestamptz,
  reviewed_by     uuid REFERENCES staff (id),
  UNIQUE (client_id, document_type, version)
);
CREATE INDEX document_client_idx ON document (client_id, document_type, version DESC);
CREATE INDEX document_expiry_idx ON document (expiry_date) WHERE status = 'approved' AND expiry_date IS NOT NULL;

CREATE TABLE kyc_case (
  id                  uuid PRIMARY KEY,
  client_id           uuid NOT NULL REFERENCES client (id),
  entity_id           text NOT NULL,
  country             char(2) NOT NULL,
  kind                text NOT NULL CHECK (kind IN ('onboarding', 'document_recheck', 'periodic_review', 'profile_change', 'risk_review', 'provider_reopen')),
  status              text NOT NULL,
  risk_level          text NOT NULL CHECK (risk_level IN ('low', 'medium', 'high')),
  assignee_id         uuid REFERENCES staff (id),
  opened_reason       text,
  opened_at           timestamptz NOT NULL,
  submitted_at        timestamptz,
  sla_due_at          timestamptz,
  decided_at          timestamptz,
  decided_by          text,
  decision_reason     text,
  requested_documents jsonb,
  client_message      text,
  updated_at          timestamptz NOT NULL,
  version             integer NOT NULL DEFAULT 1
);
-- One open case per client: a second submission reopens it instead of racing it.
CREATE UNIQUE INDEX kyc_case_one_open_per_client ON kyc_case (client_id) WHERE status NOT IN ('approved', 'rejected');
CREATE INDEX kyc_case_queue_sla_idx ON kyc_case (status, sla_due_at, id);
CREATE INDEX kyc_case_queue_age_idx ON kyc_case (status, submitted_at, id);
CREATE INDEX kyc_case_entity_idx ON kyc_case (entity_id, status, submitted_at, id);
CREATE INDEX kyc_case_country_idx ON kyc_case (country, status, submitted_at, id);
CREATE INDEX kyc_case_risk_idx ON kyc_case (risk_level, status, submitted_at, id);
CREATE INDEX kyc_case_assignee_idx ON kyc_case (assignee_id, status, submitted_at, id);
CREATE INDEX kyc_case_client_idx ON kyc_case (client_id, opened_at DESC);

CREATE TABLE case_note (
  id          uuid PRIMARY KEY,
  case_id     uuid NOT NULL REFERENCES kyc_case (id),
  client_id   uuid NOT NULL REFERENCES client (id),
  author_id   uuid NOT NULL REFERENCES staff (id),
  body        text NOT NULL CHECK (length(body) BETWEEN 1 AND 5000),
  created_at  timestamptz NOT NULL
);
CREATE INDEX case_note_case_idx ON case_note (case_id, created_at);

CREATE TABLE screening_hit (
  id               uuid PRIMARY KEY,
  client_id        uuid NOT NULL REFERENCES client (id),
  case_id          uuid REFERENCES kyc_case (id),
  match_entity_id  text NOT NULL,
  caption          text NOT NULL,
  schema_name      text NOT NULL,
  score            numeric(5, 4) NOT NULL,
  topics           text[] NOT NULL DEFAULT '{}',
  datasets         text[] NOT NULL DEFAULT '{}',
  explanation      text NOT NULL,
  list_version     text NOT NULL,
  status           text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'cleared', 'confirmed')),
  decided_by       uuid REFERENCES staff (id),
  decided_at       timestamptz,
  decision_note    text,
  created_at       timestamptz NOT NULL,
  -- A hit cleared by compliance stays cleared: a re-screen finds the same entity and leaves it alone.
  UNIQUE (client_id, match_entity_id)
);
CREATE INDEX screening_hit_open_idx ON screening_hit (client_id) WHERE status = 'open';

CREATE TABLE screening_run (
  client_id     uuid PRIMARY KEY REFERENCES client (id),
  list_version  text NOT NULL,
  screened_at   timestamptz NOT NULL,
  match_count   integer NOT NULL
);

CREATE TABLE profile_change_request (
  id            uuid PRIMARY KEY,
  client_id     uuid NOT NULL REFERENCES client (id),
  case_id       uuid REFERENCES kyc_case (id),
  old_fields    jsonb NOT NULL,
  new_fields    jsonb NOT NULL,
  status        text NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
  created_at    timestamptz NOT NULL,
  decided_at    timestamptz,
  decided_by    uuid REFERENCES staff (id),
  decision_note text
);
CREATE UNIQUE INDEX profile_change_one_pending ON profile_change_request (client_id) WHERE status = 'pending';

-- Inbox of provider callbacks: the raw evidence, and the key that makes each event apply once.
CREATE TABLE provider_event (
  id            uuid PRIMARY KEY,
  provider      text NOT NULL,
  dedup_key     text NOT NULL,
  subject_id    text,
  occurred_at   timestamptz,
  received_at   timestamptz NOT NULL,
  raw_body      text NOT NULL,
  headers       jsonb NOT NULL,
  outcome       text NOT NULL,
  UNIQUE (provider, dedup_key)
);

CREATE TABLE kyc_provider_applicant (
  client_id        uuid PRIMARY KEY REFERENCES client (id),
  provider         text NOT NULL,
  applicant_id     text NOT NULL UNIQUE,
  level_name       text NOT NULL,
  last_verdict     text,
  last_verdict_at  timestamptz,
  created_at       timestamptz NOT NULL
);
