-- Client money ledger: double-entry, integer minor units per currency.
-- Must run identically on PostgreSQL 15 and on PGlite: nothing newer than 15.
--
-- Sign convention: posting.amount_minor > 0 moves value INTO the account (its
-- balance rises), < 0 moves it out. An account's balance is the sum of its
-- postings; every entry sums to zero per currency, so all balances of one
-- currency sum to zero too. (This is not the accountant's debit/credit: for
-- the broker a client wallet is a liability. It is the sign the client sees.)
--
-- What PostgreSQL enforces here, whatever the application does:
--   * every journal entry balances per currency and has exactly the postings
--     it declared (deferred constraint triggers, checked at COMMIT);
--   * a posting's currency is its account's (composite foreign key);
--   * journal entries, postings and accounts are immutable;
--   * (kind, business_type, business_id) is unique: one business event is
--     applied at most once;
--   * account_balance is a cache maintained only by the posting trigger, and
--     a client wallet or hold never goes below zero, a debt never above zero.

CREATE TABLE ledger_account (
  id            uuid PRIMARY KEY,
  code          text NOT NULL UNIQUE CHECK (length(code) <= 200),
  kind          text NOT NULL CHECK (kind IN ('client_wallet', 'client_hold', 'client_debt', 'psp_clearing',
                                              'platform', 'broker_fees', 'broker_chargeback_losses')),
  currency      char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  client_id     uuid REFERENCES client (id),
  -- non_negative: never below zero; non_positive: never above zero; any: unbounded.
  balance_rule  text NOT NULL CHECK (balance_rule IN ('non_negative', 'non_positive', 'any')),
  created_at    timestamptz NOT NULL,
  UNIQUE (id, currency),  -- target of posting's composite foreign key
  -- The code, the kind, the owner and the rule agree; a wallet can never be
  -- created allowing a negative balance, whoever inserts it.
  CHECK (CASE kind
    WHEN 'client_wallet' THEN client_id IS NOT NULL AND balance_rule = 'non_negative'
      AND code = 'client:' || client_id::text || ':wallet:' || currency
    WHEN 'client_hold' THEN client_id IS NOT NULL AND balance_rule = 'non_negative'
      AND code = 'client:' || client_id::text || ':hold:' || currency
    WHEN 'client_debt' THEN client_id IS NOT NULL AND balance_rule = 'non_positive'
      AND code = 'client:' || client_id::text || ':debt:' || currency
    WHEN 'psp_clearing' THEN client_id IS NULL AND balance_rule = 'any'
      AND code ~ '^psp:[a-z][a-z0-9_]{0,63}:clearing:[A-Z]{3}$' AND right(code, 3) = currency
    WHEN 'platform' THEN client_id IS NULL AND balance_rule = 'any'
      AND code ~ '^platform:[a-z][a-z0-9_]{0,63}:[A-Z]{3}$' AND right(code, 3) = currency
    WHEN 'broker_fees' THEN client_id IS NULL AND balance_rule = 'any' AND code = 'broker:fees:' || currency
    WHEN 'broker_chargeback_losses' THEN client_id IS NULL AND balance_rule = 'any'
      AND code = 'broker:chargeback_losses:' || currency
    ELSE false
  END)
);
CREATE INDEX ledger_account_client_idx ON ledger_account (client_id) WHERE client_id IS NOT NULL;

CREATE TABLE journal_entry (
  id             uuid PRIMARY KEY,
  kind           text NOT NULL CHECK (kind ~ '^[a-z][a-z0-9_]{0,63}$'),
  business_type  text NOT NULL CHECK (length(business_type) BETWEEN 1 AND 64),
  business_id    text NOT NULL CHECK (length(business_id) BETWEEN 1 AND 200),
  -- How many postings the entry has; checked at COMMIT, so no posting can be
  -- added to an entry afterwards, not even a balanced pair.
  posting_count  smallint NOT NULL CHECK (posting_count BETWEEN 2 AND 100),
  occurred_at    timestamptz NOT NULL,
  description    text NOT NULL CHECK (length(description) <= 500),
  created_by     text NOT NULL CHECK (length(created_by) BETWEEN 1 AND 200),
  -- One business event is applied once: a second delivery finds this row.
  UNIQUE (kind, business_type, business_id)
);
CREATE INDEX journal_entry_business_idx ON journal_entry (business_type, business_id);
CREATE INDEX journal_entry_occurred_idx ON journal_entry (occurred_at DESC, id DESC);

CREATE TABLE posting (
  entry_id      uuid NOT NULL REFERENCES journal_entry (id),
  line          smallint NOT NULL CHECK (line >= 1),
  account_id    uuid NOT NULL,
  currency      char(3) NOT NULL,
  amount_minor  bigint NOT NULL CHECK (amount_minor <> 0),
  PRIMARY KEY (entry_id, line),
  UNIQUE (entry_id, account_id),  -- an account appears at most once per entry
  FOREIGN KEY (account_id, currency) REFERENCES ledger_account (id, currency)
);
CREATE INDEX posting_account_idx ON posting (account_id, entry_id);

-- Balance cache: one row per account, created with the account, moved only by
-- the posting trigger below. `verifyLedger` recomputes it from the postings.
CREATE TABLE account_balance (
  account_id     uuid PRIMARY KEY REFERENCES ledger_account (id),
  currency       char(3) NOT NULL,
  balance_rule   text NOT NULL,
  balance_minor  bigint NOT NULL,
  version        bigint NOT NULL CHECK (version >= 0),  -- number of postings applied
  CONSTRAINT account_balance_within_rule CHECK (CASE balance_rule
    WHEN 'non_negative' THEN balance_minor >= 0
    WHEN 'non_positive' THEN balance_minor <= 0
    WHEN 'any' THEN true
    ELSE false
  END)
);

-- Immutability. Refusing every UPDATE and DELETE (rather than comparing
-- columns) leaves no NULL comparison to get wrong.
CREATE FUNCTION ledger_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'ledger: % is immutable: % refused', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER ledger_account_immutable BEFORE UPDATE OR DELETE ON ledger_account
  FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();
CREATE TRIGGER ledger_account_no_truncate BEFORE TRUNCATE ON ledger_account
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();
CREATE TRIGGER journal_entry_immutable BEFORE UPDATE OR DELETE ON journal_entry
  FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();
CREATE TRIGGER journal_entry_no_truncate BEFORE TRUNCATE ON journal_entry
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();
CREATE TRIGGER posting_immutable BEFORE UPDATE OR DELETE ON posting
  FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();
CREATE TRIGGER posting_no_truncate BEFORE TRUNCATE ON posting
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();
CREATE TRIGGER account_balance_no_truncate BEFORE TRUNCATE ON account_balance
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();

-- Every account gets its cache row, at zero, in the same statement.
CREATE FUNCTION ledger_account_open_balance() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO account_balance (account_id, currency, balance_rule, balance_minor, version)
    VALUES (NEW.id, NEW.currency, NEW.balance_rule, 0, 0);
  RETURN NULL;
END;
$$;
CREATE TRIGGER ledger_account_open_balance AFTER INSERT ON ledger_account
  FOR EACH ROW EXECUTE FUNCTION ledger_account_open_balance();

-- Each posting moves its account's cached balance, in the posting's own
-- statement: the CHECK above then refuses a wallet going negative even when
-- the posting was written by hand.
CREATE FUNCTION ledger_posting_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE account_balance
     SET balance_minor = balance_minor + NEW.amount_minor, version = version + 1
   WHERE account_id = NEW.account_id;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'ledger: account % has no balance row', NEW.account_id USING ERRCODE = 'foreign_key_violation';
  END IF;
  RETURN NULL;
END;
$$;
CREATE TRIGGER posting_apply AFTER INSERT ON posting
  FOR EACH ROW EXECUTE FUNCTION ledger_posting_apply();

-- The cache is written only by the two triggers above (trigger depth > 1),
-- one posting at a time; nobody edits a balance directly.
CREATE FUNCTION account_balance_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'ledger: account_balance rows cannot be deleted' USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF pg_trigger_depth() < 2 THEN
    RAISE EXCEPTION 'ledger: account_balance is maintained from postings only: % refused', TG_OP
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF TG_OP = 'INSERT' THEN
    IF NEW.balance_minor IS DISTINCT FROM 0::bigint OR NEW.version IS DISTINCT FROM 0::bigint THEN
      RAISE EXCEPTION 'ledger: a balance opens at zero' USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
  END IF;
  IF NEW.account_id IS DISTINCT FROM OLD.account_id
     OR NEW.currency IS DISTINCT FROM OLD.currency
     OR NEW.balance_rule IS DISTINCT FROM OLD.balance_rule
     OR NEW.version IS DISTINCT FROM OLD.version + 1 THEN
    RAISE EXCEPTION 'ledger: account_balance % may only move by one posting at a time', OLD.account_id
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER account_balance_guard BEFORE INSERT OR UPDATE OR DELETE ON account_balance
  FOR EACH ROW EXECUTE FUNCTION account_balance_guard();

-- Balanced entries, checked at COMMIT (deferred), once per inserted entry and
-- once per inserted posting: the entry has exactly `posting_count` postings
-- and they sum to zero in every currency.
CREATE FUNCTION ledger_entry_check_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  checked_id  uuid;
  declared    smallint;
  found_count bigint;
  bad         record;
BEGIN
  IF TG_TABLE_NAME = 'journal_entry' THEN
    checked_id := NEW.id;
  ELSE
    checked_id := NEW.entry_id;
  END IF;
  SELECT posting_count INTO declared FROM journal_entry WHERE id = checked_id;
  SELECT count(*) INTO found_count FROM posting WHERE entry_id = checked_id;
  IF declared IS NULL OR found_count IS DISTINCT FROM declared::bigint THEN
    RAISE EXCEPTION 'ledger: journal entry % has % postings, declared %', checked_id, found_count, declared
      USING ERRCODE = 'check_violation';
  END IF;
  SELECT currency, sum(amount_minor) AS total INTO bad
    FROM posting WHERE entry_id = checked_id
   GROUP BY currency HAVING sum(amount_minor) <> 0
   ORDER BY currency LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'ledger: journal entry % does not balance in %: postings sum to %', checked_id, bad.currency, bad.total
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NULL;
END;
$$;
CREATE CONSTRAINT TRIGGER journal_entry_balanced AFTER INSERT ON journal_entry
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION ledger_entry_check_balanced();
CREATE CONSTRAINT TRIGGER posting_entry_balanced AFTER INSERT ON posting
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION ledger_entry_check_balanced();
