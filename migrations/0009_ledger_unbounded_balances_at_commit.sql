-- The cached balance of an account without a balance rule (`any`: PSP
-- clearing, platform, broker accounts) moves at COMMIT instead of in the
-- posting's own statement. Must run identically on PostgreSQL 15 and PGlite.
--
-- Why: every deposit through one provider and currency credits the same
-- clearing account. Moving its cached balance in the posting's statement
-- took that row's lock for the rest of the use case's transaction (its
-- audit event, its other writes, the commit), so every credit through the
-- provider waited for the one before it (`npm run bench:deposits`: sessions
-- waiting on that row lock, throughput falling as concurrency rose). An
-- `any` account has no rule to check, so nothing needs its new balance
-- before COMMIT: a deferred trigger moves it there, and its row is locked
-- only while the transaction commits. The posting path no longer locks these
-- accounts up front either (src/persistence/ledger/ledger-repository.ts).
--
-- Unchanged: wallets, holds and debts (non_negative / non_positive) move in
-- the posting's own statement, where account_balance's CHECK refuses a wallet
-- going negative; after COMMIT every cached balance (and version) equals its
-- postings, as `verifyLedger` checks. Only inside the transaction that posted
-- does an `any` account's cache not yet show that transaction's postings.

CREATE OR REPLACE FUNCTION ledger_posting_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE account_balance
     SET balance_minor = balance_minor + NEW.amount_minor, version = version + 1
   WHERE account_id = NEW.account_id AND balance_rule <> 'any';
  IF NOT FOUND AND NOT EXISTS (SELECT 1 FROM account_balance WHERE account_id = NEW.account_id) THEN
    RAISE EXCEPTION 'ledger: account % has no balance row', NEW.account_id USING ERRCODE = 'foreign_key_violation';
  END IF;
  RETURN NULL;
END;
$$;

CREATE FUNCTION ledger_posting_apply_at_commit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE account_balance
     SET balance_minor = balance_minor + NEW.amount_minor, version = version + 1
   WHERE account_id = NEW.account_id AND balance_rule = 'any';
  RETURN NULL;
END;
$$;
CREATE CONSTRAINT TRIGGER posting_apply_at_commit AFTER INSERT ON posting
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION ledger_posting_apply_at_commit();
