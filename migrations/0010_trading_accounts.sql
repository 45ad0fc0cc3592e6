-- Trading accounts (issue 6): a client's accounts on the configured trading
-- platforms, and the transfers between the wallet and an account. A
-- transfer's reference (≤ 31 characters) is written into the platform deal's
-- comment before the balance operation is sent, so the operation is applied
-- once even when the platform's answer is lost.

CREATE TABLE trading_account (
  id               uuid PRIMARY KEY,
  client_id        uuid NOT NULL REFERENCES client (id),
  entity_id        text NOT NULL,
  platform_id      text NOT NULL,
  account_type     text NOT NULL CHECK (account_type IN ('live', 'demo')),
  platform_group   text NOT NULL,
  currency         char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  leverage         integer NOT NULL CHECK (leverage BETWEEN 1 AND 1000),
  -- Our reference on the platform account (MT5: the user's comment).
  reference        text NOT NULL UNIQUE,
  login            text,
  status           text NOT NULL CHECK (status IN ('requested', 'failed', 'active', 'read_only', 'trading_disabled', 'login_disabled', 'archived')),
  -- The rights last applied on the platform (full, trading_disabled, login_disabled).
  rights           text,
  failure_reason   text,
  created_at       timestamptz NOT NULL,
  updated_at       timestamptz NOT NULL,
  provisioned_at   timestamptz,
  version          integer NOT NULL DEFAULT 1,
  UNIQUE (platform_id, login)
);

CREATE INDEX trading_account_client_idx ON trading_account (client_id, created_at);

CREATE TABLE trading_transfer (
  id                   uuid PRIMARY KEY,
  client_id            uuid NOT NULL REFERENCES client (id),
  trading_account_id   uuid NOT NULL REFERENCES trading_account (id),
  direction            text NOT NULL CHECK (direction IN ('to_account', 'to_wallet')),
  amount_minor         bigint NOT NULL CHECK (amount_minor > 0),
  currency             char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  status               text NOT NULL CHECK (status IN ('pending', 'completed', 'failed')),
  reference            text NOT NULL UNIQUE CHECK (length(reference) <= 31),
  platform_deal_id     text,
  failure_reason       text,
  attempts             integer NOT NULL DEFAULT 0,
  created_at           timestamptz NOT NULL,
  updated_at           timestamptz NOT NULL,
  completed_at         timestamptz
);

CREATE INDEX trading_transfer_account_idx ON trading_transfer (trading_account_id, created_at DESC);
CREATE INDEX trading_transfer_pending_idx ON trading_transfer (created_at) WHERE status = 'pending';
