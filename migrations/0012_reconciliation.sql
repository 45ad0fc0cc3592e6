-- One source of truth (SPEC §8): the balance sync with the trading
-- platforms, and reconciliation runs.
--
-- The sync job (platform.balance_sync) reads every provisioned live account's
-- balances and balance deals since its cursor, stores a snapshot, and opens a
-- platform_exception for each manager operation Traderoom did not make (a deal
-- whose comment is not the reference of one of the account's transfers), in
-- finance's queue until someone resolves it with a note.
--
-- A reconciliation run compares, per account, the ledger and our transfers
-- with the platform's balance and deal history, and each PSP's settlement
-- report with our deposits and payouts; every difference is a break with its
-- evidence, resolved by finance with a note. Runs and their breaks are kept.

CREATE TABLE platform_balance_snapshot (
  id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  trading_account_id  uuid NOT NULL REFERENCES trading_account (id),
  platform_id         text NOT NULL,
  login               text NOT NULL,
  currency            char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  balance_minor       bigint NOT NULL,
  credit_minor        bigint NOT NULL,
  equity_minor        bigint NOT NULL,
  margin_minor        bigint NOT NULL,
  free_margin_minor   bigint NOT NULL,
  floating_minor      bigint NOT NULL,
  taken_at            timestamptz NOT NULL
);

CREATE INDEX platform_balance_snapshot_account_idx ON platform_balance_snapshot (trading_account_id, taken_at DESC);

-- Where the sync stopped reading each account's deal history.
CREATE TABLE platform_sync_cursor (
  trading_account_id  uuid PRIMARY KEY REFERENCES trading_account (id),
  deals_read_until    timestamptz NOT NULL,
  last_synced_at      timestamptz NOT NULL
);

CREATE TABLE platform_exception (
  id                  uuid PRIMARY KEY,
  kind                text NOT NULL CHECK (kind IN ('unknown_deal')),
  platform_id         text NOT NULL,
  deal_id             text NOT NULL,
  trading_account_id  uuid NOT NULL REFERENCES trading_account (id),
  client_id           uuid NOT NULL REFERENCES client (id),
  entity_id           text NOT NULL,
  login               text NOT NULL,
  -- The deal as the platform showed it: { dealId, kind, platformType, amountMinor, currency, comment, time }.
  evidence            jsonb NOT NULL,
  owner_queue         text NOT NULL CHECK (owner_queue IN ('finance')),
  status              text NOT NULL CHECK (status IN ('open', 'resolved')),
  resolution_note     text CHECK (length(resolution_note) <= 5000),
  resolved_by         text,
  resolved_at         timestamptz,
  created_at          timestamptz NOT NULL,
  CHECK ((status = 'resolved') = (resolved_at IS NOT NULL AND resolved_by IS NOT NULL AND resolution_note IS NOT NULL)),
  -- One exception per deal, however many times the sync reads it.
  UNIQUE (platform_id, deal_id)
);

CREATE INDEX platform_exception_queue_idx ON platform_exception (owner_queue, created_at) WHERE status = 'open';

CREATE TABLE reconciliation_run (
  id                       uuid PRIMARY KEY,
  status                   text NOT NULL CHECK (status IN ('queued', 'running', 'completed', 'failed')),
  -- "staff:<id>", or "system:schedule" for the daily run.
  requested_by             text NOT NULL,
  requested_at             timestamptz NOT NULL,
  started_at               timestamptz,
  finished_at              timestamptz,
  -- The settlement reports' dates (UTC); the platform side covers each account's whole history.
  settlement_from          date NOT NULL,
  settlement_to            date NOT NULL,
  accounts_checked         integer NOT NULL DEFAULT 0,
  transfers_checked        integer NOT NULL DEFAULT 0,
  deals_checked            integer NOT NULL DEFAULT 0,
  settlement_rows_checked  integer NOT NULL DEFAULT 0,
  break_count              integer NOT NULL DEFAULT 0,
  -- { "<kind>": count }
  breaks_by_kind           jsonb NOT NULL DEFAULT '{}',
  -- What could not be checked, and why: [{ code, detail }].
  notes                    jsonb NOT NULL DEFAULT '[]',
  error                    text,
  CHECK (settlement_from <= settlement_to)
);

CREATE INDEX reconciliation_run_requested_idx ON reconciliation_run (requested_at DESC, id DESC);

CREATE TABLE reconciliation_break (
  id                  uuid PRIMARY KEY,
  run_id              uuid NOT NULL REFERENCES reconciliation_run (id),
  -- Order within the run (the CSV's order).
  seq                 integer NOT NULL,
  kind                text NOT NULL CHECK (kind IN (
                        'missing_deal', 'duplicate_deal', 'amount_mismatch', 'deal_for_failed_transfer', 'unknown_deal',
                        'ledger_mismatch', 'balance_mismatch', 'account_missing', 'ledger_unassigned',
                        'psp_settlement_without_deposit', 'psp_settlement_without_payout', 'psp_amount_mismatch',
                        'psp_status_mismatch', 'psp_duplicate_settlement', 'deposit_without_settlement', 'payout_without_settlement')),
  platform_id         text,
  provider_id         text,
  trading_account_id  uuid,
  login               text,
  client_id           uuid,
  -- The client's entity (scope of who may resolve it); NULL for a break of no client's.
  entity_id           text,
  -- Our reference (transfer, deposit, payout attempt) and the platform deal, when the break has them.
  reference           text,
  deal_id             text,
  currency            char(3),
  expected_minor      bigint,
  actual_minor        bigint,
  evidence            jsonb NOT NULL,
  status              text NOT NULL CHECK (status IN ('open', 'resolved')),
  resolution_note     text CHECK (length(resolution_note) <= 5000),
  resolved_by         text,
  resolved_at         timestamptz,
  created_at          timestamptz NOT NULL,
  CHECK ((status = 'resolved') = (resolved_at IS NOT NULL AND resolved_by IS NOT NULL AND resolution_note IS NOT NULL)),
  UNIQUE (run_id, seq)
);

CREATE INDEX reconciliation_break_open_idx ON reconciliation_break (created_at) WHERE status = 'open';
