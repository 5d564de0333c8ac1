// Hand-written (not generated): the analytics views Grafana's dashboards read (dashboards/, see
// docs/dashboards.md). Plain views over the indexed tables and the hourly/daily rollups: they name
// things, convert units and bucket by time, so a panel's SQL stays a short SELECT.
//
// Conventions of every view:
// - `time` (one row per event) or `bucket` (the start of an hour or a UTC day, `date_trunc(…, 'UTC')`,
//   the same buckets as the rollups) is a timestamptz;
// - OPEN amounts (18 decimals) are exact numerics in OPEN: `wei * 1e-18` (numeric multiplication is
//   exact, a division would round), in columns named `*_open`;
// - shares in parts per billion keep their `*_ppb` column and get a percentage `*_pct`.
// They live in `public`, so the read-only role reads them by the default privileges of the
// ReaderRole migration (ALTER DEFAULT PRIVILEGES … ON TABLES covers views); `up` grants them too, for
// a database whose role was made by an administrator after the fact.
// The verification-verdicts view is not here: the verifier's tables are made by its own migrations.
const ROLE = 'openledger_reader'

/** The processor's state schema (the ReaderRole migration's rule, indexer/status.ts's default). */
const stateSchema = () => process.env.PROCESSOR_STATE_SCHEMA || 'squid_processor'
const ident = (name) => `"${String(name).replace(/"/g, '""')}"`

const ZERO = `'0x0000000000000000000000000000000000000000'`
const bucket = (unit, column) => `date_trunc('${unit}', ${column}, 'UTC')`
const PERIODS = [['hourly', 'hour', 'HOUR'], ['daily', 'day', 'DAY']]

/** [name, SELECT] in creation order (a view may read the ones before it). */
function views() {
    const list = []
    const add = (name, sql) => list.push([name, sql])

    // OPEN, WOPEN and GOPEN flows: transfers (mints and burns apart), wraps, bridge in and out
    add('analytics_open_flow', `
        SELECT t."timestamp" AS time, t.block_number, t.token::text AS token,
               CASE WHEN t."from" = ${ZERO} THEN 'mint' WHEN t."to" = ${ZERO} THEN 'burn' ELSE 'transfer' END AS flow,
               t.value * 1e-18 AS amount_open
        FROM token_transfer t
        UNION ALL
        SELECT w."timestamp", w.block_number, w.token::text, CASE w.kind WHEN 'DEPOSIT' THEN 'wrap' ELSE 'unwrap' END,
               w.amount * 1e-18
        FROM token_wrap w
        UNION ALL
        SELECT b."timestamp", b.block_number, 'OPEN', CASE b.direction WHEN 'RECEIVED' THEN 'bridge_in' ELSE 'bridge_out' END,
               CASE b.direction WHEN 'RECEIVED' THEN b.amount_received ELSE coalesce(b.amount_sent, b.amount_received) END * 1e-18
        FROM bridge_transfer b`)
    for (const [suffix, unit] of PERIODS) {
        add(`analytics_open_flow_${suffix}`, `
            SELECT ${bucket(unit, 'time')} AS bucket, token, flow, count(*)::int AS events, sum(amount_open) AS amount_open
            FROM analytics_open_flow GROUP BY 1, 2, 3`)
    }

    // credits bought (what was paid) and spent by attributors' records (the fees charged)
    add('analytics_credit', `
        SELECT p."timestamp" AS time, p.block_number, 'purchase' AS kind, p."user", NULL::text AS attributor,
               p.credit_amount * 1e-18 AS credits, p.amount_paid * 1e-18 AS paid_open
        FROM credit_purchase p
        UNION ALL
        SELECT s."timestamp", s.block_number, 'spend', s."user", s.attributor, s.credit_amount * 1e-18, s.amount_paid * 1e-18
        FROM credit_spend s`)
    for (const [suffix, unit] of PERIODS) {
        add(`analytics_credit_${suffix}`, `
            SELECT ${bucket(unit, 'time')} AS bucket, kind, count(*)::int AS events, sum(credits) AS credits, sum(paid_open) AS paid_open
            FROM analytics_credit GROUP BY 1, 2`)
    }

    // contributions (one row each, by datanet and current status) and submissions per day
    add('analytics_contribution', `
        SELECT c.id, c.submitted_at AS time, c.submitted_at_block AS block_number, c.datanet_id, d.name AS datanet_name,
               c.contributor, c.status, c.row_count, c.influence AS influence_ppb, c.attribution_count AS attributions,
               c.rewards_earned * 1e-18 AS rewards_open
        FROM contribution c JOIN datanet d ON d.id = c.datanet_id`)
    add('analytics_contribution_daily', `
        SELECT ${bucket('day', 'c.submitted_at')} AS bucket, c.datanet_id, d.name AS datanet_name, c.status,
               count(*)::int AS contributions, sum(c.row_count) AS row_count
        FROM contribution c JOIN datanet d ON d.id = c.datanet_id GROUP BY 1, 2, 3, 4`)

    // inferences and their fee split per model (the rollups), models with their adapters
    for (const [suffix, , period] of PERIODS) {
        add(`analytics_inference_${suffix}`, `
            SELECT r.bucket_start AS bucket, r.model_id, m.name AS model_name, r.inferences, r.fees * 1e-18 AS fees_open,
                   r.protocol_amount * 1e-18 AS protocol_open, r.model_owner_amount * 1e-18 AS model_owner_open,
                   r.contributor_amount * 1e-18 AS contributor_open, r.cumulative_inferences, r.cumulative_fees * 1e-18 AS cumulative_fees_open
            FROM model_rollup r JOIN model m ON m.id = r.model_id WHERE r.period = '${period}'`)
    }
    add('analytics_model', `
        SELECT m.id AS model_id, m.name AS model_name, m.attribution_method_name AS method, m.owner, m.created_at AS time,
               m.version_count, m.adapter_count AS adapters, m.inference_count AS inferences, m.fee_per_inference * 1e-18 AS fee_per_inference_open,
               m.fees_total * 1e-18 AS fees_open, m.contributor_rewards_total * 1e-18 AS contributor_rewards_open
        FROM model m`)
    add('analytics_adapter', `
        SELECT a.id AS adapter_id, a."timestamp" AS time, a.base_model_id AS model_id, m.name AS model_name, a.base_version, a.owner
        FROM adapter a JOIN model m ON m.id = a.base_model_id`)

    // influence and rewards over time per contributor and per datanet (the rollups); share_pct: its part
    // of all the influence attributed in the bucket (total_influence_ppb: every attributed inference
    // spreads 1e9 ppb), so a panel adding buckets up divides sum(influence_ppb) by sum(total_influence_ppb)
    for (const [suffix, , period] of PERIODS) {
        const total = `(SELECT bucket_start, sum(influence) AS influence FROM datanet_rollup WHERE period = '${period}' GROUP BY 1) t`
        add(`analytics_contributor_${suffix}`, `
            SELECT r.bucket_start AS bucket, r.contributor_id AS contributor, r.influence AS influence_ppb,
                   round(r.influence * 100 / NULLIF(t.influence, 0), 6) AS share_pct, t.influence AS total_influence_ppb, r.attributions, r.rewards * 1e-18 AS rewards_open,
                   r.cumulative_influence AS cumulative_influence_ppb, r.cumulative_rewards * 1e-18 AS cumulative_rewards_open
            FROM contributor_rollup r JOIN ${total} ON t.bucket_start = r.bucket_start WHERE r.period = '${period}'`)
        add(`analytics_datanet_${suffix}`, `
            SELECT r.bucket_start AS bucket, r.datanet_id, d.name AS datanet_name, r.influence AS influence_ppb,
                   round(r.influence * 100 / NULLIF(t.influence, 0), 6) AS share_pct, t.influence AS total_influence_ppb, r.attributions, r.rewards * 1e-18 AS rewards_open,
                   r.cumulative_influence AS cumulative_influence_ppb, r.cumulative_rewards * 1e-18 AS cumulative_rewards_open
            FROM datanet_rollup r JOIN datanet d ON d.id = r.datanet_id JOIN ${total} ON t.bucket_start = r.bucket_start WHERE r.period = '${period}'`)
    }
    // one attributed contribution of an inference: its share (ppb and %) and reward
    add('analytics_attribution', `
        SELECT a."timestamp" AS time, a.block_number, a.inference_id, a.contribution_id, a.datanet_id, a.model_id, a.contributor,
               a.share AS share_ppb, a.share / 1e7 AS share_pct, a.reward * 1e-18 AS reward_open
        FROM inference_attribution a`)
    add('analytics_contributor', `
        SELECT c.id AS contributor, c.contribution_count AS contributions, c.approved_count AS approved, c.influence AS influence_ppb,
               round(c.influence * 100 / NULLIF((SELECT sum(influence) FROM datanet), 0), 6) AS share_pct,
               c.attribution_count AS attributions, c.rewards_earned * 1e-18 AS rewards_open
        FROM contributor c`)

    // attributors: bonds, slashes, records
    add('analytics_attributor', `
        SELECT a.id AS attributor, a.active_stake * 1e-18 AS active_stake_open, a.pending_stake * 1e-18 AS pending_stake_open,
               a.total_staked * 1e-18 AS total_staked_open, a.total_slashed * 1e-18 AS total_slashed_open, a.slash_count,
               a.record_count AS records, a.fees_attributed * 1e-18 AS fees_attributed_open, a.challenges_received,
               a.challenges_lost, a.challenges_won, a.challenges_expired
        FROM attributor a`)
    for (const [suffix, unit] of PERIODS) {
        add(`analytics_attributor_bond_${suffix}`, `
            SELECT ${bucket(unit, 'e."timestamp"')} AS bucket, e.attributor_id AS attributor, e.kind, count(*)::int AS events,
                   sum(e.amount) * 1e-18 AS amount_open
            FROM attributor_bond_event e GROUP BY 1, 2, 3`)
    }

    // challenges and their outcomes
    add('analytics_challenge', `
        SELECT c.id AS challenge_id, c.opened_at AS time, c.opened_at_block AS block_number, c.inference_id, i.model_id,
               c.attributor, c.challenger, c.status, c.deadline AS deadline_epoch, c.bond * 1e-18 AS bond_open, c.slashed_amount * 1e-18 AS slashed_open,
               c.challenger_reward * 1e-18 AS challenger_reward_open, c.response_hash IS NOT NULL AS responded,
               coalesce(c.resolved_at_block, c.expired_at_block) AS closed_at_block
        FROM challenge c JOIN inference i ON i.id = c.inference_id`)
    add('analytics_challenge_daily', `
        SELECT ${bucket('day', 'opened_at')} AS bucket, status, count(*)::int AS challenges, sum(bond) * 1e-18 AS bond_open,
               coalesce(sum(slashed_amount), 0) * 1e-18 AS slashed_open
        FROM challenge GROUP BY 1, 2`)

    // governance: proposals with their tallies, votes per day
    add('analytics_proposal', `
        SELECT p.id AS proposal_id, p.created_at AS time, p.proposer, p.status, left(p.description, 200) AS title, p.vote_count AS votes,
               p.for_votes * 1e-18 AS for_open, p.against_votes * 1e-18 AS against_open, p.abstain_votes * 1e-18 AS abstain_open,
               (p.for_votes + p.against_votes + p.abstain_votes) * 1e-18 AS voted_open,
               round((p.for_votes + p.against_votes + p.abstain_votes) * 100 / NULLIF((SELECT total_supply FROM token WHERE id = 'GOPEN'), 0), 6) AS turnout_pct
        FROM proposal p`)
    add('analytics_vote_daily', `
        SELECT ${bucket('day', 'v."timestamp"')} AS bucket, CASE v.support WHEN 0 THEN 'against' WHEN 1 THEN 'for' ELSE 'abstain' END AS support,
               count(*)::int AS votes, count(DISTINCT v.voter)::int AS voters, sum(v.weight) * 1e-18 AS weight_open
        FROM vote v GROUP BY 1, 2`)
    add('analytics_delegation_daily', `
        SELECT ${bucket('day', '"timestamp"')} AS bucket, count(*)::int AS changes, count(DISTINCT delegator)::int AS delegators
        FROM delegate_change GROUP BY 1`)

    // staking: actions over time, stakes by status
    for (const [suffix, unit] of PERIODS) {
        add(`analytics_staking_${suffix}`, `
            SELECT ${bucket(unit, '"timestamp"')} AS bucket, kind, count(*)::int AS actions, sum(amount) * 1e-18 AS amount_open
            FROM stake_action GROUP BY 1, 2`)
    }
    add('analytics_stake', `
        SELECT s.id AS stake_id, s.recipient, s.config_id, s.status, s.value * 1e-18 AS value_open, s.principal * 1e-18 AS principal_open,
               s.created_at_block, s.updated_at_block
        FROM stake s`)

    // indexer health: the processor's status (height, hash, committed transactions) and its most
    // recent indexed event (the chain's head is not in the database: the lag is the age of that event)
    const latest = ['token_transfer', 'inference', 'credit_spend', 'attributor_bond_event', 'stake_action', 'parameter_change']
        .map((t) => `(SELECT block_number, "timestamp" FROM ${t} ORDER BY block_number DESC LIMIT 1)`).join(' UNION ALL ')
    add('analytics_indexer_status', `
        SELECT s.height, s.hash, s.nonce AS commits, e.block_number AS latest_event_block, e."timestamp" AS latest_event_time,
               extract(epoch FROM now() - e."timestamp") AS latest_event_age_seconds
        FROM ${ident(stateSchema())}.status s
        LEFT JOIN LATERAL (SELECT * FROM (${latest}) l ORDER BY block_number DESC LIMIT 1) e ON true
        WHERE s.id = 0`)
    for (const [suffix, unit] of PERIODS) {
        add(`analytics_indexer_problem_${suffix}`, `
            SELECT ${bucket(unit, '"timestamp"')} AS bucket, 'decode failure' AS kind, contract, count(*)::int AS logs FROM decode_failure GROUP BY 1, 3
            UNION ALL
            SELECT ${bucket(unit, '"timestamp"')}, 'quarantined', contract, count(*)::int FROM quarantined_log GROUP BY 1, 3`)
    }
    return list
}

module.exports = class AnalyticsViews1795810000000 {
    name = 'AnalyticsViews1795810000000'

    async up(db) {
        const [{ role }] = await db.query('SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1) AS role', [ROLE])
        const [{ status }] = await db.query('SELECT to_regclass($1) IS NOT NULL AS status', [`${ident(stateSchema())}.status`])
        for (const [name, sql] of views()) {
            if (name === 'analytics_indexer_status' && !status) {
                console.warn(`migration AnalyticsViews: ${stateSchema()}.status does not exist (see the ReaderRole migration); ${name} is not created`)
                continue
            }
            await db.query(`CREATE VIEW ${ident(name)} AS ${sql.trim()}`)
            if (role) await db.query(`GRANT SELECT ON ${ident(name)} TO ${ROLE}`)
        }
    }

    async down(db) {
        for (const [name] of views().reverse()) await db.query(`DROP VIEW IF EXISTS ${ident(name)}`)
    }
}
