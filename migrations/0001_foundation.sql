-- Foundation: clients, staff, sessions, one-time tokens, audit trail, idempotency.
-- Must run identically on PostgreSQL 15 and on PGlite: nothing newer than 15.

CREATE TABLE client (
  id                  uuid PRIMARY KEY,
  email               text NOT NULL CHECK (email = lower(email) AND length(email) <= 254),
  password_hash       text NOT NULL,
  first_name          text NOT NULL CHECK (length(first_name) BETWEEN 1 AND 100),
  last_name           text NOT NULL CHECK (length(last_name) BETWEEN 1 AND 100),
  country             char(2) NOT NULL,
  client_type         text NOT NULL CHECK (client_type IN ('individual', 'corporate')),
  entity_id           text NOT NULL,
  status              text NOT NULL,
  verification_level  text NOT NULL DEFAULT 'none',
  language            text NOT NULL DEFAULT 'en',
  email_verified_at   timestamptz,
  created_at          timestamptz NOT NULL,
  updated_at          timestamptz NOT NULL
);
CREATE UNIQUE INDEX client_email_key ON client (email);
CREATE INDEX client_entity_created_idx ON client (entity_id, created_at DESC, id DESC);
CREATE INDEX client_created_idx ON client (created_at DESC, id DESC);

CREATE TABLE staff (
  id                uuid PRIMARY KEY,
  email             text NOT NULL CHECK (email = lower(email)),
  display_name      text NOT NULL,
  password_hash     text NOT NULL,
  roles             text[] NOT NULL CHECK (cardinality(roles) >= 1
                      AND roles <@ ARRAY['support','compliance','finance','supervisor','admin']::text[]),
  entity_ids        text[],            -- NULL: every entity
  totp_secret       text,
  totp_enrolled_at  timestamptz,
  totp_last_step    bigint,            -- last accepted TOTP time step: a code is never accepted twice
  active            boolean NOT NULL DEFAULT true,
  created_at        timestamptz NOT NULL,
  updated_at        timestamptz NOT NULL
);
CREATE UNIQUE INDEX staff_email_key ON staff (email);

CREATE TABLE session (
  token_hash           text PRIMARY KEY,  -- sha256 of the cookie value; the value itself is never stored
  realm                text NOT NULL CHECK (realm IN ('client', 'staff')),
  subject_id           uuid NOT NULL,
  stage                text NOT NULL CHECK (stage IN ('active', 'totp', 'totp_enrolment')),
  pending_totp_secret  text,
  csrf_token           text NOT NULL,
  ip                   text,
  user_agent           text,
  created_at           timestamptz NOT NULL,
  last_seen_at         timestamptz NOT NULL,
  expires_at           timestamptz NOT NULL,
  CHECK (realm = 'staff' OR stage = 'active')
);
CREATE INDEX session_subject_idx ON session (realm, subject_id);

CREATE TABLE one_time_token (
  token_hash  text PRIMARY KEY,
  purpose     text NOT NULL CHECK (purpose IN ('email_verification', 'password_reset')),
  client_id   uuid NOT NULL REFERENCES client (id),
  expires_at  timestamptz NOT NULL,
  used_at     timestamptz,
  created_at  timestamptz NOT NULL
);
CREATE INDEX one_time_token_client_idx ON one_time_token (client_id, purpose);

-- Audit trail: append-only, hash-chained per stream (one stream per client, or
-- per subject for events without a client) so that writers for different
-- clients never wait on one global lock.
CREATE TABLE audit_stream (
  stream_id  text PRIMARY KEY,
  last_seq   bigint NOT NULL,
  last_hash  text NOT NULL
);

CREATE TABLE audit_event (
  id            uuid PRIMARY KEY,
  stream_id     text NOT NULL REFERENCES audit_stream (stream_id),
  seq           bigint NOT NULL CHECK (seq >= 1),
  occurred_at   timestamptz NOT NULL,
  actor_type    text NOT NULL CHECK (actor_type IN ('client', 'staff', 'system', 'provider')),
  actor_id      text NOT NULL,
  action        text NOT NULL,
  subject_type  text NOT NULL,
  subject_id    text NOT NULL,
  client_id     uuid,
  old_values    jsonb,
  new_values    jsonb,
  note          text,
  request_id    text,
  ip            text,
  prev_hash     text NOT NULL,
  hash          text NOT NULL,
  UNIQUE (stream_id, seq)
);
CREATE INDEX audit_event_client_idx ON audit_event (client_id, occurred_at DESC, id DESC) WHERE client_id IS NOT NULL;
CREATE INDEX audit_event_subject_idx ON audit_event (subject_type, subject_id, occurred_at DESC);
CREATE INDEX audit_event_action_subject_idx ON audit_event (action, subject_id, occurred_at DESC);

-- The trail is append-only. Rejecting every UPDATE and DELETE (rather than
-- comparing columns) leaves no NULL comparison to get wrong.
CREATE FUNCTION audit_event_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_event is append-only: % refused', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER audit_event_no_update_delete
  BEFORE UPDATE OR DELETE ON audit_event
  FOR EACH ROW EXECUTE FUNCTION audit_event_refuse_change();
CREATE TRIGGER audit_event_no_truncate
  BEFORE TRUNCATE ON audit_event
  FOR EACH STATEMENT EXECUTE FUNCTION audit_event_refuse_change();

-- The stream head only moves forward, one step at a time, onto the event just written.
CREATE FUNCTION audit_stream_forward_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'audit_stream rows cannot be deleted' USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF NEW.stream_id IS DISTINCT FROM OLD.stream_id OR NEW.last_seq IS DISTINCT FROM OLD.last_seq + 1 THEN
    RAISE EXCEPTION 'audit_stream % may only advance by one', OLD.stream_id USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER audit_stream_forward_only
  BEFORE UPDATE OR DELETE ON audit_stream
  FOR EACH ROW EXECUTE FUNCTION audit_stream_forward_only();

-- Idempotency-Key: the first response for (scope, key) is replayed; another body is refused.
CREATE TABLE idempotency_key (
  scope          text NOT NULL,
  key            text NOT NULL CHECK (length(key) BETWEEN 1 AND 255),
  request_hash   text NOT NULL,
  status_code    integer,              -- NULL while the first request is still running
  response_body  jsonb,
  created_at     timestamptz NOT NULL,
  PRIMARY KEY (scope, key)
);
