// The state of one batch: entity maps (loaded in bulk before the handlers run), rows to insert,
// history and rollups; `flush` writes each entity type once, in foreign-key order (writeOrder.ts). A Batch lives for
// one handler call only, so after a rollback of hot blocks nothing stale survives in memory.
import type { EntityClass, Store } from '@subsquid/typeorm-store';
import * as M from '../../db/model/index.ts';
import { EntityMap } from './entityMap.ts';
import type { WithId } from './withId.ts';
import { History, historyId } from './history.ts';
import { Rollups } from './rollups.ts';
import { contributionRollups, contributorRollups, datanetRollups, modelRollups } from './rollupSpecs.ts';
import { enterBulkLoad, isBulkLoad } from './bulkLoad.ts';
import { insertRows, upsertRows } from './rows.ts';
import { storeAccess, type StoreAccess } from './storeAccess.ts';
import { ViewCalls } from './viewCalls.ts';
import { writeOrder } from './writeOrder.ts';

/** What the batch does with each of its entity maps, whatever its entity type (read-only in the type: covariant). */
interface StagedMap {
  readonly cls: EntityClass<WithId>;
  load(db: StoreAccess): Promise<unknown>;
  loadFrom(rows: readonly WithId[]): Promise<unknown>;
  changed(): { inserts: WithId[]; upserts: WithId[] };
}

/** What the batch does with each of its rollups at flush. */
interface StagedRollups {
  readonly cls: EntityClass<WithId>;
  collect(db: StoreAccess): Promise<{ inserts: WithId[]; upserts: WithId[] }>;
}

/** What runs around a batch's writes (the catch-up's index deferral). */
export interface WriteHooks {
  /** before the first write, with whether the batch is a bulk load; resolves with whether `after` must run */
  before(db: StoreAccess, bulkLoad: boolean): Promise<boolean>;
  /** after the last write, in the same transaction */
  after(db: StoreAccess): Promise<void>;
}

export class Batch {
  /** The view calls' answers; shared by the fresh batches of a batch written in parts. */
  constructor(readonly views: ViewCalls = new ViewCalls()) {}

  readonly contracts = new EntityMap(M.Contract);
  readonly eventCounts = new EntityMap(M.EventCount);
  readonly tokens = new EntityMap(M.Token);
  readonly accounts = new EntityMap(M.Account);
  readonly proposals = new EntityMap(M.Proposal);
  readonly timelockOps = new EntityMap(M.TimelockOperation);
  readonly timelockCalls = new EntityMap(M.TimelockCall);
  readonly stakingConfigs = new EntityMap(M.StakingConfig);
  readonly stakes = new EntityMap(M.Stake);
  readonly airdropBatches = new EntityMap(M.AirdropBatch);
  readonly airdropSettings = new EntityMap(M.AirdropSettings);
  readonly datanets = new EntityMap(M.Datanet);
  readonly contributions = new EntityMap(M.Contribution);
  readonly contributors = new EntityMap(M.Contributor);
  readonly models = new EntityMap(M.Model);
  readonly modelVersions = new EntityMap(M.ModelVersion);
  readonly attributors = new EntityMap(M.Attributor);
  readonly inferences = new EntityMap(M.Inference);
  readonly challenges = new EntityMap(M.Challenge);

  readonly accountHistory = new History(M.AccountHistory, 'account', (a: M.Account, block) =>
    new M.AccountHistory({
      id: historyId(a.id, block), account: a, validFromBlock: block, validToBlock: null,
      openBalance: a.openBalance, wopenBalance: a.wopenBalance, gopenBalance: a.gopenBalance,
      votingPower: a.votingPower, delegate: a.delegate,
    }), (id) => this.accounts.isNew(id));
  readonly stakeHistory = new History(M.StakeHistory, 'stake', (s: M.Stake, block) =>
    new M.StakeHistory({
      id: historyId(s.id, block), stake: s, validFromBlock: block, validToBlock: null,
      status: s.status, value: s.value, principal: s.principal, startTime: s.startTime,
      unlockAt: s.unlockAt, lastUpdate: s.lastUpdate,
    }), (id) => this.stakes.isNew(id));
  readonly contributionHistory = new History(M.ContributionHistory, 'contribution', (c: M.Contribution, block) =>
    new M.ContributionHistory({
      id: historyId(c.id, block), contribution: c, validFromBlock: block, validToBlock: null,
      status: c.status, influence: c.influence, attributionCount: c.attributionCount, rewardsEarned: c.rewardsEarned,
    }), (id) => this.contributions.isNew(id));
  readonly attributorHistory = new History(M.AttributorHistory, 'attributor', (a: M.Attributor, block) =>
    new M.AttributorHistory({
      id: historyId(a.id, block), attributor: a, validFromBlock: block, validToBlock: null,
      activeStake: a.activeStake, pendingStake: a.pendingStake, totalSlashed: a.totalSlashed, recordCount: a.recordCount,
    }), (id) => this.attributors.isNew(id));

  readonly contributionRollups = new Rollups(contributionRollups);
  readonly contributorRollups = new Rollups(contributorRollups);
  readonly datanetRollups = new Rollups(datanetRollups);
  readonly modelRollups = new Rollups(modelRollups);

  /** Links between events of one transaction (e.g. a public event and its companion). */
  readonly scratch = new Map<string, unknown>();

  /** Whether a large finalized batch may skip foreign-key checks (bulkLoad.ts); the hostile-data fallback writes checked. */
  bulkLoadAllowed = true;

  private readonly inserts = new Map<EntityClass<WithId>, WithId[]>();
  private readonly puts = new Map<EntityClass<WithId>, Map<string, WithId>>();
  private readonly maps: StagedMap[] = [
    this.contracts, this.eventCounts, this.tokens, this.accounts, this.proposals, this.timelockOps,
    this.timelockCalls, this.stakingConfigs, this.stakes, this.airdropBatches, this.airdropSettings, this.datanets, this.contributions,
    this.contributors, this.models, this.modelVersions, this.attributors, this.inferences, this.challenges,
  ];
  private readonly histories = [this.accountHistory, this.stakeHistory, this.contributionHistory, this.attributorHistory];
  private readonly rollups: StagedRollups[] = [
    this.contributionRollups, this.contributorRollups, this.datanetRollups, this.modelRollups,
  ];

  /** A new row (one log's record, a version, an attribution): inserted at flush. */
  insert<E extends WithId>(row: E): E {
    const cls = row.constructor as EntityClass<WithId>;
    const list = this.inserts.get(cls) ?? [];
    list.push(row);
    this.inserts.set(cls, list);
    return row;
  }

  /** A row whose every field the event determines (an approval, a role): upserted, the last one wins. */
  put<E extends WithId>(row: E): E {
    const cls = row.constructor as EntityClass<WithId>;
    const rows = this.puts.get(cls) ?? new Map<string, WithId>();
    rows.set(row.id, row);
    this.puts.set(cls, rows);
    return row;
  }

  /**
   * Loads what the handlers asked for, then what the loaded rows point to (two more rounds: a
   * FeeSplit of an inference recorded in an earlier batch needs its contributions, then their
   * datanets). One query per entity type with ids to read and round, each awaited before the next:
   * the batch's transaction is one connection, which runs one query at a time (pg 9 refuses a
   * second one).
   */
  async load(store: Store): Promise<void> {
    const db = storeAccess(store);
    await this.loadRounds((m) => m.load(db));
  }

  /** `load` from rows held in memory instead of the database (handler unit tests: no Postgres). */
  loadFrom(rows: readonly WithId[]): Promise<void> {
    return this.loadRounds((m) => m.loadFrom(rows));
  }

  private async loadRounds(loadMap: (m: StagedMap) => Promise<unknown>): Promise<void> {
    const loadMaps = async () => {
      for (const m of this.maps) await loadMap(m);
    };
    await loadMaps();
    for (let round = 0; round < 2; round++) {
      for (const c of this.contributions.all()) {
        this.contributors.want(c.contributor);
        this.accounts.want(c.contributor);
        this.datanets.want(c.datanet?.id);
      }
      for (const ch of this.challenges.all()) {
        this.attributors.want(ch.attributor);
        this.inferences.want(ch.inference?.id);
      }
      for (const inf of this.inferences.all()) {
        this.models.want(inf.model?.id);
        for (const id of inf.contributionIds ?? []) this.contributions.want(id);
      }
      for (const c of this.contracts.all()) this.accounts.want(c.treasury);
      await loadMaps();
    }
  }

  /**
   * The rows of `cls` this batch has staged so far, before flush: rows inserted or put, entities
   * changed, and history rows opened (for tests; flush adds the history rows it closes and the
   * rollups, which it reads from the database).
   */
  staged<E extends WithId>(cls: EntityClass<E>): E[] {
    const rows: WithId[] = [...(this.inserts.get(cls) ?? []), ...(this.puts.get(cls)?.values() ?? [])];
    for (const m of this.maps) if (m.cls === cls) rows.push(...m.changed().inserts, ...m.changed().upserts);
    for (const h of this.histories) if ((h.cls as EntityClass<WithId>) === cls) rows.push(...h.opened());
    return rows as E[];
  }

  /** Ends a block: history rows for what changed in it. */
  endBlock(height: number): void {
    for (const h of this.histories) h.endBlock(height);
  }

  /**
   * Writes everything, parents before children (writeOrder.ts), at most one COPY (rows known to be new) and one upsert (rows
   * that may exist) per entity type.
   */
  async flush(store: Store, hooks?: WriteHooks): Promise<Map<string, number>> {
    const db = storeAccess(store);
    const upserts = new Map<EntityClass<WithId>, WithId[]>();
    const inserts = new Map<EntityClass<WithId>, WithId[]>(this.inserts);
    const add = (cls: EntityClass<WithId>, rows: { inserts: WithId[]; upserts: WithId[] }) => {
      if (rows.upserts.length > 0) upserts.set(cls, [...(upserts.get(cls) ?? []), ...rows.upserts]);
      if (rows.inserts.length > 0) inserts.set(cls, [...(inserts.get(cls) ?? []), ...rows.inserts]);
    };
    for (const m of this.maps) add(m.cls, m.changed());
    for (const [cls, rows] of this.puts) add(cls, { inserts: [], upserts: [...rows.values()] });
    // reads, one at a time (one connection)
    for (const h of this.histories) add(h.cls as EntityClass<WithId>, await h.collect(db));
    for (const r of this.rollups) add(r.cls, await r.collect(db));
    const written = new Map<string, number>();
    const order = writeOrder(db.em);
    for (const cls of [...upserts.keys(), ...inserts.keys()]) {
      if (!order.includes(cls)) throw new Error(`Batch.flush: ${cls.name} is not an entity of the data source`);
    }
    let total = 0;
    for (const rows of [...upserts.values(), ...inserts.values()]) total += rows.length;
    const large = this.bulkLoadAllowed && isBulkLoad(db, total);
    const after = (await hooks?.before(db, large)) ?? false;
    await enterBulkLoad(db, large);
    // one statement at a time, each awaited (one connection; pg 9 refuses a second query in flight)
    for (const cls of order) {
      const up = upserts.get(cls) ?? [];
      const ins = inserts.get(cls) ?? [];
      if (up.length + ins.length > 0) written.set(cls.name, up.length + ins.length);
      await upsertRows(db, cls, up);
      await insertRows(db, cls, ins);
    }
    if (after) await hooks!.after(db);
    return written;
  }
}
