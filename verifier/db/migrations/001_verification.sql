-- The watchdog's own rows (docs/verifier.md). The indexer's tables are read-only to the verifier.

-- Which records were looked at, and why one was chosen: reproducible from block hashes alone.
CREATE TABLE verifier.selection (
  inference_id   numeric PRIMARY KEY,
  record_block   integer NOT NULL,
  seed_block     integer NOT NULL,
  seed_hash      text,
  -- 'sampled' (the rule of docs/attribution.md, section 7) or 'attributor' (every record of a flagged attributor)
  reason         text NOT NULL CHECK (reason IN ('sampled', 'attributor')),
  rate_ppm       integer NOT NULL,
  selected_at    timestamptz NOT NULL DEFAULT now()
);

-- Where selection stopped: every inference id at or below it was decided (sampled or not).
CREATE TABLE verifier.cursor (
  id                 text PRIMARY KEY,
  last_inference_id  numeric NOT NULL,
  updated_at         timestamptz NOT NULL DEFAULT now()
);

-- One verdict per record, written once (the first worker to finish wins).
CREATE TABLE verifier.verification (
  inference_id        numeric PRIMARY KEY,
  verdict             text NOT NULL CHECK (verdict IN ('MATCH', 'DISPUTE', 'UNVERIFIABLE')),
  reason              text,
  distance            double precision,
  tolerance           double precision NOT NULL,
  recomputed_ids      text[],
  recomputed_shares   text[],
  method              text,
  manifest_hash       text,
  backend             text,
  duration_ms         integer NOT NULL,
  engine_version      text NOT NULL,
  evidence_hash       text,
  evidence_uri        text,
  challenge_id        numeric,
  challenge_tx        text,
  attempts            integer NOT NULL DEFAULT 1,
  verified_at         timestamptz NOT NULL DEFAULT now(),
  -- the keys the API joins on (the indexer's ids are text)
  id                  text GENERATED ALWAYS AS (inference_id::text) STORED NOT NULL UNIQUE,
  challenge_key       text GENERATED ALWAYS AS (challenge_id::text) STORED
);
CREATE INDEX verification_verdict_idx ON verifier.verification (verdict, inference_id);
CREATE INDEX verification_challenge_idx ON verifier.verification (challenge_key);
CREATE INDEX verification_verified_at_idx ON verifier.verification (verified_at);

-- Exactly one challenge per inference: the intent is written (with the verdict) before anything is
-- sent, the signed transaction is written before it is broadcast, and start-up reconciles what a
-- crash left between the two.
CREATE TABLE verifier.challenge_intent (
  inference_id   numeric PRIMARY KEY REFERENCES verifier.verification (inference_id),
  -- pending: to send; unfunded: waiting for balance; capped: waiting for the hourly cap;
  -- signed: transaction signed and stored, maybe broadcast; confirmed: our challenge is on chain;
  -- preempted: a challenge (another watchdog's) was on chain first; closed: the window passed;
  -- dry_run: flagged without sending; failed: the transaction reverted
  state          text NOT NULL CHECK (state IN ('pending', 'unfunded', 'capped', 'signed', 'confirmed', 'preempted', 'closed', 'dry_run', 'failed')),
  evidence_hash  text NOT NULL,
  evidence_uri   text NOT NULL,
  account        text,
  bond           numeric,
  nonce          integer,
  tx_hash        text,
  raw_tx         text,
  challenge_id   numeric,
  last_error     text,
  signed_at      timestamptz,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX challenge_intent_state_idx ON verifier.challenge_intent (state);
