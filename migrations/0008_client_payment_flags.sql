-- Client flags and provider refunds (issue 5: "chargebacks and reversals
-- post reversing entries and flag the client").
--
-- client_flag: a mark on the client that staff see beside the client and
-- the client's deposits (a chargeback, a refund, a debt left by either). It is
-- written in the same transaction as the event that raised it, with its
-- audit event; staff clear it with a note (the row stays, for the history).
-- One OPEN flag per (client, kind, subject): a second delivery or a second
-- event on the same deposit does not stack flags.
--
-- deposit_refund: each refund a provider reported for a deposit, by the
-- provider's refund id, so a refund is applied once whatever the number and
-- order of its notifications, a refund that failed gives back exactly what it
-- took, and a "refunded" that arrives after its own "failed" changes nothing.
-- Money moves only through the ledger (deposit_refund / deposit_refund_reversal
-- entries, business reference psp_refund:<provider>:<refund id>).

CREATE TABLE client_flag (
  id            uuid PRIMARY KEY,
  client_id     uuid NOT NULL REFERENCES client (id),
  kind          text NOT NULL CHECK (kind IN ('chargeback', 'refund', 'debt')),
  -- What the flag is about: a deposit (later a withdrawal).
  subject_type  text NOT NULL CHECK (subject_type ~ '^[a-z][a-z0-9_]{0,63}$'),
  subject_id    uuid NOT NULL,
  reason        text NOT NULL CHECK (length(reason) BETWEEN 1 AND 2000),
  created_at    timestamptz NOT NULL,
  -- "provider:<id>", "staff:<id>", "system:<id>" (as journal_entry.created_by).
  created_by    text NOT NULL,
  cleared_at    timestamptz,
  cleared_by    text,
  clear_note    text,
  CHECK ((cleared_at IS NULL) = (cleared_by IS NULL)),
  CHECK (cleared_at IS NOT NULL OR clear_note IS NULL)
);

CREATE UNIQUE INDEX client_flag_open_uq ON client_flag (client_id, kind, subject_type, subject_id) WHERE cleared_at IS NULL;
CREATE INDEX client_flag_client_idx ON client_flag (client_id, created_at DESC);

CREATE TABLE deposit_refund (
  id                  uuid PRIMARY KEY,
  deposit_id          uuid NOT NULL REFERENCES deposit (id),
  provider_id         text NOT NULL,
  -- The provider's refund id (generic: re_…; Praxis: the refund transaction's tid, or the sale's tid for a reversed sale).
  provider_refund_id  text NOT NULL,
  amount_minor        bigint NOT NULL CHECK (amount_minor > 0),
  currency            char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  -- refunded: the money went back to the payer; failed: it did not (or came back).
  status              text NOT NULL CHECK (status IN ('refunded', 'failed')),
  -- NULL when nothing was taken from the client (the deposit had not been credited).
  refund_entry_id     uuid,
  reversal_entry_id   uuid,
  failure_reason      text,
  created_at          timestamptz NOT NULL,
  updated_at          timestamptz NOT NULL,
  UNIQUE (provider_id, provider_refund_id)
);

CREATE INDEX deposit_refund_deposit_idx ON deposit_refund (deposit_id);
