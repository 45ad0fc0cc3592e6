-- Client communication (issue 7): one message thread per client between the
-- client and the broker's support, optionally tied to a case (a KYC case, a
-- deposit, a withdrawal), with attachments that passed the document upload
-- inspection and sit in the content-addressed file store.
--
-- client_message: append-only. A message is evidence of what was said to or
-- by the client (triggers refuse UPDATE, DELETE and TRUNCATE); its audit event
-- (message.sent) carries the SHA-256 of the body, so the hash-chained trail
-- proves the row was not altered without copying the free text into it.
--
-- client_message_attachment: the files of a message, by hash (the bytes are
-- in the file store, never in the database). Append-only like the message.
--
-- client_message_thread: one row per client with a message, written in the
-- same transaction as every message and read marker. Read markers are per
-- THREAD and per side, not per staff member: "unread for staff" means the
-- client wrote and no one in the back office has read it yet, which is what a
-- support queue needs (whoever opens the thread takes it off the queue; who
-- that was is in staff_read_by and in the audit trail). The unread counters
-- are kept here so the inbox, its counts per entity and the portal's badge
-- are index reads, not scans of the messages.

CREATE TABLE client_message (
  id           uuid PRIMARY KEY,
  client_id    uuid NOT NULL REFERENCES client (id),
  author_type  text NOT NULL CHECK (author_type IN ('client', 'staff')),
  -- The client's id (author_type client) or the staff member's id.
  author_id    uuid NOT NULL,
  body         text NOT NULL CHECK (length(body) BETWEEN 1 AND 5000),
  -- The case the message is about, always one of this client's (checked by the use case).
  case_type    text CHECK (case_type IN ('kyc_case', 'deposit', 'withdrawal')),
  case_id      uuid,
  created_at   timestamptz NOT NULL,
  CHECK ((case_type IS NULL) = (case_id IS NULL)),
  CHECK (author_type = 'staff' OR author_id = client_id)
);
-- The thread, newest first, paged by (created_at, id); also the read-marker counts.
CREATE INDEX client_message_thread_idx ON client_message (client_id, created_at DESC, id DESC);
CREATE INDEX client_message_case_idx ON client_message (case_type, case_id) WHERE case_id IS NOT NULL;

CREATE TABLE client_message_attachment (
  id           uuid PRIMARY KEY,
  message_id   uuid NOT NULL REFERENCES client_message (id),
  client_id    uuid NOT NULL REFERENCES client (id),
  position     smallint NOT NULL CHECK (position BETWEEN 1 AND 3),
  file_sha256  text NOT NULL CHECK (file_sha256 ~ '^[0-9a-f]{64}$'),
  mime_type    text NOT NULL CHECK (mime_type IN ('image/jpeg', 'image/png', 'application/pdf')),
  size_bytes   bigint NOT NULL CHECK (size_bytes > 0),
  file_name    text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 220),
  UNIQUE (message_id, position)
);
CREATE INDEX client_message_attachment_client_idx ON client_message_attachment (client_id);

CREATE FUNCTION client_message_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER client_message_no_update_delete
  BEFORE UPDATE OR DELETE ON client_message
  FOR EACH ROW EXECUTE FUNCTION client_message_refuse_change();
CREATE TRIGGER client_message_no_truncate
  BEFORE TRUNCATE ON client_message
  FOR EACH STATEMENT EXECUTE FUNCTION client_message_refuse_change();
CREATE TRIGGER client_message_attachment_no_update_delete
  BEFORE UPDATE OR DELETE ON client_message_attachment
  FOR EACH ROW EXECUTE FUNCTION client_message_refuse_change();
CREATE TRIGGER client_message_attachment_no_truncate
  BEFORE TRUNCATE ON client_message_attachment
  FOR EACH STATEMENT EXECUTE FUNCTION client_message_refuse_change();

CREATE TABLE client_message_thread (
  client_id               uuid PRIMARY KEY REFERENCES client (id),
  -- The client's entity, copied so the inbox filters and counts by entity on this table alone.
  entity_id               text NOT NULL,
  message_count           integer NOT NULL CHECK (message_count >= 1),
  last_message_at         timestamptz NOT NULL,
  -- Messages from the client no one in the back office has read yet, and since when the oldest waits.
  staff_unread_count      integer NOT NULL DEFAULT 0 CHECK (staff_unread_count >= 0),
  staff_unread_since      timestamptz,
  -- Messages from staff the client has not read yet.
  client_unread_count     integer NOT NULL DEFAULT 0 CHECK (client_unread_count >= 0),
  -- Read markers: the last message each side has read, (created_at, id) as the thread is ordered.
  staff_read_through_at   timestamptz,
  staff_read_through_id   uuid REFERENCES client_message (id),
  staff_read_by           uuid REFERENCES staff (id),
  staff_read_at           timestamptz,
  client_read_through_at  timestamptz,
  client_read_through_id  uuid REFERENCES client_message (id),
  client_read_at          timestamptz,
  updated_at              timestamptz NOT NULL,
  CHECK ((staff_unread_count = 0) = (staff_unread_since IS NULL)),
  CHECK ((staff_read_through_at IS NULL) = (staff_read_through_id IS NULL)),
  CHECK ((client_read_through_at IS NULL) = (client_read_through_id IS NULL))
);
-- The support inbox: threads waiting for staff, oldest first, all entities or one.
CREATE INDEX client_message_thread_inbox_idx ON client_message_thread (staff_unread_since, client_id) WHERE staff_unread_count > 0;
CREATE INDEX client_message_thread_inbox_entity_idx ON client_message_thread (entity_id, staff_unread_since, client_id) WHERE staff_unread_count > 0;
