-- Deposits (issue 5): one row per client deposit, from creation through the
-- PSP's signed callbacks to credit, finance review, failure or chargeback.
-- Provider callbacks themselves are kept in provider_event (the inbox, unique
-- per provider and dedup key); money moves only through the ledger.

CREATE TABLE deposit (
  id                      uuid PRIMARY KEY,
  client_id               uuid NOT NULL REFERENCES client (id),
  entity_id               text NOT NULL,
  method_id               text NOT NULL,
  method_kind             text NOT NULL,
  provider_id             text NOT NULL,
  amount_minor            bigint NOT NULL CHECK (amount_minor > 0),
  currency                char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  status                  text NOT NULL CHECK (status IN ('pending', 'awaiting_payment', 'confirmed', 'under_review', 'escalated', 'credited',
                                                          'rejected', 'failed', 'cancelled', 'expired', 'refunded', 'chargeback')),
  provider_session_id     text,
  provider_session_url    text,
  provider_reference      text,
  processed_amount_minor  bigint,
  processed_currency      char(3),
  payer_name              text,
  -- The review rules that fired when the provider confirmed it: [{ code, detail }].
  rule_hits               jsonb NOT NULL DEFAULT '[]',
  -- PSP outcome kinds applied so far (isStaleOutcome).
  applied_outcomes        text[] NOT NULL DEFAULT '{}',
  failure_reason          text,
  decision_reason         text,
  decision_note           text,
  decided_by              text,
  decided_at              timestamptz,
  credit_entry_id         uuid,
  created_at              timestamptz NOT NULL,
  updated_at              timestamptz NOT NULL,
  confirmed_at            timestamptz,
  credited_at             timestamptz,
  version                 integer NOT NULL DEFAULT 1
);

CREATE INDEX deposit_client_idx ON deposit (client_id, created_at DESC);
-- The finance review queue: only the deposits waiting for a decision.
CREATE INDEX deposit_review_queue_idx ON deposit (entity_id, confirmed_at) WHERE status IN ('under_review', 'escalated');
