-- Platform rights follow the client's status (issue 6: "Status follows KYC").
--
-- When a client is restricted, reinstated or closed, each of their
-- provisioned trading accounts moves in the trading-account machine in the
-- same transaction, and the rights that state means on the platform become
-- the account's DESIRED rights here; the `platform.apply_rights` job then sets
-- them on the platform. trading_account.rights stays what was last APPLIED
-- (0010), so an account whose platform rights lag behind is one where the two
-- differ, or whose last attempt failed: the sync-health view lists those.
--
-- One row per trading account, created on the account's first change of rights.
-- state:
--   pending   a job is queued to apply desired_rights
--   retrying  the last attempt failed with an error that may pass; the job runs again
--   failed    gave up (a permanent error, or the attempts ran out): staff retry it
--   applied   the platform has desired_rights (trading_account.rights = desired_rights)

CREATE TABLE platform_rights_sync (
  trading_account_id  uuid PRIMARY KEY REFERENCES trading_account (id),
  desired_rights      text NOT NULL CHECK (desired_rights IN ('full', 'trading_disabled', 'login_disabled')),
  -- The account's restriction comes from its client's status: the client's
  -- return to active lifts it (a restriction of the account's own would not).
  follows_client      boolean NOT NULL,
  state               text NOT NULL CHECK (state IN ('pending', 'retrying', 'failed', 'applied')),
  -- Attempts since desired_rights last changed (or since staff last retried).
  attempts            integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  desired_since       timestamptz NOT NULL,
  last_attempt_at     timestamptz,
  applied_at          timestamptz,
  last_error          text CHECK (length(last_error) <= 1000),
  last_error_at       timestamptz,
  -- Earliest time of the next automatic attempt (pg-boss backs off from there); NULL when none is due.
  next_attempt_at     timestamptz,
  created_at          timestamptz NOT NULL,
  updated_at          timestamptz NOT NULL,
  CHECK ((last_error IS NULL) = (last_error_at IS NULL)),
  CHECK (state <> 'applied' OR last_error IS NULL)
);

-- The sync-health view: what is not applied, oldest first.
CREATE INDEX platform_rights_sync_open_idx ON platform_rights_sync (desired_since, trading_account_id) WHERE state <> 'applied';
