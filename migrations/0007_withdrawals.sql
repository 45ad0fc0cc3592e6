-- Withdrawals (issue 5): the client's payout destinations, the withdrawal
-- requests with their review stages, each payout attempt sent to a provider,
-- and the step history (who moved a withdrawal from which state to which,
-- when, with which note): the four-eyes record and the time spent per stage.
-- Money moves only through the ledger (hold on request, settle when paid).

CREATE TABLE payout_destination (
  id              uuid PRIMARY KEY,
  client_id       uuid NOT NULL REFERENCES client (id),
  kind            text NOT NULL CHECK (kind IN ('bank_account', 'e_wallet', 'crypto_address')),
  label           text NOT NULL,
  holder_name     text NOT NULL,
  -- Kind-specific details (iban, bic, accountNumber, bankCode, country, email, accountId, network, address).
  details         jsonb NOT NULL,
  name_match      text NOT NULL CHECK (name_match IN ('match', 'partial', 'mismatch')),
  -- holder_name_partial, holder_name_mismatch, proof_required, cooling_off.
  flags           text[] NOT NULL DEFAULT '{}',
  -- unverified: proof required and not yet checked by finance.
  status          text NOT NULL CHECK (status IN ('active', 'unverified', 'removed')),
  usable_from     timestamptz NOT NULL,
  created_at      timestamptz NOT NULL,
  created_by      text NOT NULL,
  updated_at      timestamptz NOT NULL,
  version         integer NOT NULL DEFAULT 1
);

CREATE INDEX payout_destination_client_idx ON payout_destination (client_id, created_at);

CREATE TABLE withdrawal (
  id                    uuid PRIMARY KEY,
  client_id             uuid NOT NULL REFERENCES client (id),
  entity_id             text NOT NULL,
  method_id             text NOT NULL,
  method_kind           text NOT NULL,
  provider_id           text NOT NULL,
  -- NULL for a card withdrawal: it goes back to the card the client paid with.
  destination_id        uuid REFERENCES payout_destination (id),
  -- The destination as it was when requested (what finance pays to).
  destination           jsonb NOT NULL,
  amount_minor          bigint NOT NULL CHECK (amount_minor > 0),
  currency              char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  status                text NOT NULL CHECK (status IN ('submitted', 'support_review', 'compliance_review', 'finance_review', 'supervisor_review',
                                                        'escalated', 'payout_pending', 'paid', 'declined', 'cancelled')),
  -- The stages this withdrawal must pass (withdrawalStages), fixed at request time.
  stages                text[] NOT NULL,
  -- Why a supervisor stage was added, and the destination's flags: [{ code, detail }], for staff.
  review_reasons        jsonb NOT NULL DEFAULT '[]',
  escalated_from        text,
  stage_entered_at      timestamptz NOT NULL,
  assigned_to           uuid REFERENCES staff (id),
  decline_reason        text,
  -- The last decision's note (staff only) and the provider's last failure/return reason.
  last_note             text,
  payout_failure_reason text,
  hold_entry_id         uuid NOT NULL,
  created_at            timestamptz NOT NULL,
  updated_at            timestamptz NOT NULL,
  paid_at               timestamptz,
  version               integer NOT NULL DEFAULT 1
);

CREATE INDEX withdrawal_client_idx ON withdrawal (client_id, created_at DESC);
-- The stage queues: only the withdrawals waiting for someone.
CREATE INDEX withdrawal_queue_idx ON withdrawal (status, entity_id, stage_entered_at)
  WHERE status IN ('submitted', 'support_review', 'compliance_review', 'finance_review', 'supervisor_review', 'escalated', 'payout_pending');

-- One row per attempt to pay a withdrawal out; its id is the reference the
-- provider echoes in its payout callbacks and the ledger's business reference.
CREATE TABLE withdrawal_payout (
  id                  uuid PRIMARY KEY,
  withdrawal_id       uuid NOT NULL REFERENCES withdrawal (id),
  attempt             integer NOT NULL CHECK (attempt >= 1),
  provider_id         text NOT NULL,
  -- api: sent through the provider's payout API; manual: finance pays and records it.
  channel             text NOT NULL CHECK (channel IN ('api', 'manual')),
  status              text NOT NULL CHECK (status IN ('initiating', 'pending', 'paid', 'failed', 'returned')),
  provider_payout_id  text,
  failure_reason      text,
  applied_outcomes    text[] NOT NULL DEFAULT '{}',
  created_at          timestamptz NOT NULL,
  updated_at          timestamptz NOT NULL,
  UNIQUE (withdrawal_id, attempt)
);

CREATE TABLE withdrawal_step (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  withdrawal_id   uuid NOT NULL REFERENCES withdrawal (id),
  event           text NOT NULL,
  from_status     text,
  to_status       text NOT NULL,
  actor_type      text NOT NULL,
  actor_id        text NOT NULL,
  -- The review stage this step approved (four eyes), when it is an approval.
  approved_stage  text,
  reason          text,
  note            text,
  -- Time spent in from_status, and in working hours against its SLA target.
  elapsed_ms      bigint,
  at              timestamptz NOT NULL
);

CREATE INDEX withdrawal_step_withdrawal_idx ON withdrawal_step (withdrawal_id, id);
