// From an entity's spec (sql/entity.ts) to its GraphQL types: the object type (columns, and
// many-to-one relations loaded through DataLoader), `<Entity>WhereInput` with the suffix filters,
// `<Entity>OrderByInput`, and `<Entity>Connection`; root connections, lookups by id and nested
// connections (one statement for all the parents of a page) on top of them.
import DataLoader from 'dataloader';
import type { GraphQLResolveInfo } from 'graphql';
import type { ImplementableObjectRef } from '@pothos/core';
import { builder, type Context } from '../builder.ts';
import { addToMany, filterable, sortable, toManyOf, type ColumnSpec, type EntitySpec, type FieldKind, type Row } from '../sql/entity.ts';
import { countRows, DEFAULT_PAGE, loadByIds, loadPage, loadPages, MAX_PAGE, type Page, type PageArgs } from '../sql/page.ts';
import { historyEntity } from '../sql/asOf.ts';
import { joinedRow } from '../sql/joins.ts';
import { pageOf } from '../sql/keyset.ts';
import { nestedRowsKey, readKey, selectedRead } from '../sql/rowRead.ts';
import { operatorsFor, refuseNul } from '../sql/where.ts';

const SCALAR: Record<FieldKind, string> = {
  id: 'ID', string: 'String', address: 'Address', bytes: 'Bytes', int: 'Int', bigint: 'BigInt',
  datetime: 'DateTime', bool: 'Boolean', enum: '', stringList: 'String', intList: 'Int', json: 'JSON',
};

const enums = new Map<string, unknown>();
/** Registers a GraphQL enum used by `enum` columns (values are the stored text). */
export function defineEnum(name: string, values: readonly string[], description?: string): any {
  const ref = builder.enumType(name, { values: [...values], description });
  enums.set(name, ref);
  return ref;
}

function scalarType(c: ColumnSpec): any {
  if (c.kind === 'enum') {
    const e = enums.get(c.enumName!);
    if (!e) throw new Error(`enum ${c.enumName} is not defined`);
    return e;
  }
  return SCALAR[c.kind];
}

const refs = new Map<EntitySpec, ImplementableObjectRef<any, Row>>();
const whereRefs = new Map<EntitySpec, any>();
const orderRefs = new Map<EntitySpec, any>();
const connectionRefs = new Map<EntitySpec, any>();

/** The object type of `spec` (declared on first use, implemented by `defineEntity`). */
export function entityRef(spec: EntitySpec): ImplementableObjectRef<any, Row> {
  let ref = refs.get(spec);
  if (!ref) refs.set(spec, (ref = builder.objectRef<Row>(spec.name)));
  return ref;
}

const IDX = ' Filterable and sortable (indexed).';

function indexNote(spec: EntitySpec, c: ColumnSpec): string | undefined {
  if (spec.small) return undefined;
  if (c.indexedAfter) return `Filterable and sortable under one parent (the index (${c.indexedAfter}, ${c.column})).`;
  return IDX.trim();
}

const BlockInput = builder.inputType('BlockInput', {
  description: 'A block height for `block: { number }` arguments.',
  fields: (t) => ({ number: t.int({ required: true, description: 'a block number from 0' }) }),
});

/** The `block` argument of an entity with a history, described with what it answers from history. */
function blockArg(t: any, spec: EntitySpec) {
  const h = spec.history!;
  const kept = Object.keys(h.columns).map((f) => `\`${f}\``).join(', ');
  return t.arg({
    type: BlockInput,
    description:
      `As of this block: ${kept} are read from the history table ${h.table} (one probe of its index (${h.entityColumn}, valid_from_block) per row); ` +
      'the other fields are current values. An entity created after the block is absent. A block past the indexed height answers the latest indexed state. A negative number is an error.',
  });
}

function whereRef(spec: EntitySpec): any {
  let ref = whereRefs.get(spec);
  if (ref) return ref;
  ref = builder.inputRef<Record<string, unknown>>(`${spec.name}WhereInput`);
  whereRefs.set(spec, ref);
  ref.implement({
    description: `Filters on ${spec.name}: \`<field>_<operator>\`, AND / OR lists, relation filters (\`<relation>: { ... }\`, and \`<list>_some\` / \`_every\` / \`_none\` on one-to-many lists); all given conditions must hold.${
      spec.small ? ' Every field is filterable (a small table).' : ' Only indexed fields are filterable.'}`,
    fields: (t: any) => {
      const fields: Record<string, unknown> = {};
      for (const [name, c] of Object.entries(spec.columns)) {
        if (!filterable(spec, name)) continue;
        for (const op of operatorsFor(c.kind, c.nullable === true, spec.small === true)) {
          const key = `${name}_${op}`;
          if (op === 'isNull') fields[key] = t.boolean({});
          else if (op === 'in' || op === 'not_in') fields[key] = t.field({ type: [scalarType(c)] });
          else fields[key] = t.field({ type: scalarType(c) });
        }
      }
      for (const [name, r] of Object.entries(spec.relations)) {
        if (refs.has(r.target()) || definedSpecs.has(r.target())) fields[name] = t.field({ type: whereRef(r.target()) });
      }
      for (const [name, r] of toManyOf(spec)) {
        const rows = `rows of \`${name}\``;
        fields[`${name}_some`] = t.field({ type: whereRef(r.child), description: `at least one of its ${rows} matches` });
        fields[`${name}_every`] = t.field({ type: whereRef(r.child), description: `all of its ${rows} match (true when it has none)` });
        fields[`${name}_none`] = t.field({ type: whereRef(r.child), description: `none of its ${rows} matches` });
      }
      fields.AND = t.field({ type: [ref] });
      fields.OR = t.field({ type: [ref] });
      return fields;
    },
  });
  return ref;
}

function orderRef(spec: EntitySpec): any {
  let ref = orderRefs.get(spec);
  if (ref) return ref;
  const values = Object.keys(spec.columns).filter((f) => sortable(spec, f)).flatMap((f) => [`${f}_ASC`, `${f}_DESC`]);
  ref = builder.enumType(`${spec.name}OrderByInput`, {
    values,
    description: `Sort keys of ${spec.name}; \`id\` is always the last tie-break, in the direction of the key before it.${spec.small ? '' : ' Only indexed fields are sortable.'}`,
  });
  orderRefs.set(spec, ref);
  return ref;
}

interface ConnectionShape {
  edges: { cursor: string; node: Row }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  totalCount: () => Promise<number>;
}

function connectionRef(spec: EntitySpec): any {
  let ref = connectionRefs.get(spec);
  if (ref) return ref;
  ref = builder.connectionObject({ type: entityRef(spec), name: `${spec.name}Connection` }, { name: `${spec.name}Edge` });
  builder.objectField(ref, 'totalCount', (t: any) =>
    t.int({
      description: 'How many rows match `where` (one extra count query: ask only when needed).',
      complexity: 50,
      resolve: (c: ConnectionShape) => c.totalCount(),
    }),
  );
  connectionRefs.set(spec, ref);
  return ref;
}

/** An edge of a page: its cursor made only when asked (most pages are read without them). */
class Edge {
  constructor(private readonly page: Page, private readonly i: number, readonly node: Row) {}
  get cursor(): string {
    return this.page.cursor(this.i);
  }
}

class PageInfo {
  readonly hasNextPage: boolean;
  readonly hasPreviousPage: boolean;
  constructor(private readonly page: Page) {
    this.hasNextPage = page.hasNextPage;
    this.hasPreviousPage = page.hasPreviousPage;
  }
  get startCursor(): string | null {
    return this.page.rows.length > 0 ? this.page.cursor(0) : null;
  }
  get endCursor(): string | null {
    return this.page.rows.length > 0 ? this.page.cursor(this.page.rows.length - 1) : null;
  }
}

function connection(page: Page, totalCount: () => Promise<number>): ConnectionShape {
  return { edges: page.rows.map((node, i) => new Edge(page, i, node)), pageInfo: new PageInfo(page), totalCount };
}

function connectionArgs(t: any, spec: EntitySpec) {
  return {
    first: t.arg.int({ description: `rows from the start (at most ${MAX_PAGE}; ${DEFAULT_PAGE} when neither first nor last is given)` }),
    after: t.arg.string({}),
    last: t.arg.int({ description: `rows from the end (at most ${MAX_PAGE})` }),
    before: t.arg.string({}),
    orderBy: t.arg({ type: [orderRef(spec)] }),
    where: t.arg({ type: whereRef(spec) }),
    ...(spec.history ? { block: blockArg(t, spec) } : {}),
  };
}

const pageComplexity = (args: PageArgs) => ({ field: 1, multiplier: Math.max(1, Math.min(args.first ?? args.last ?? DEFAULT_PAGE, MAX_PAGE)) });

/** A per-request DataLoader named `key`. */
export function loader<K, V>(ctx: Context, key: string, batch: (keys: readonly K[]) => Promise<V[]>): DataLoader<K, V> {
  let l = ctx.loaders.get(key);
  if (!l) ctx.loaders.set(key, (l = new DataLoader<K, V>(batch, { maxBatchSize: 1000 })));
  return l as DataLoader<K, V>;
}

const definedSpecs = new Set<EntitySpec>();

const isDefined = (s: EntitySpec) => definedSpecs.has(s);

/** The entities defined so far (all of them once schema/index.ts is loaded). */
export const definedEntities = (): EntitySpec[] => [...definedSpecs];

/** Implements the object type of `spec`: its columns, and its relations to entities that are defined too. */
export function defineEntity(spec: EntitySpec): ImplementableObjectRef<any, Row> {
  definedSpecs.add(spec);
  const ref = entityRef(spec);
  ref.implement({
    description: spec.description,
    fields: (t: any) => {
      const fields: Record<string, unknown> = {};
      for (const [name, c] of Object.entries(spec.columns)) {
        const type = c.kind === 'stringList' || c.kind === 'intList' ? [scalarType(c)] : scalarType(c);
        const description = [c.description, filterable(spec, name) ? indexNote(spec, c) : undefined].filter(Boolean).join(' ') || undefined;
        fields[name] = t.field({ type, nullable: c.nullable === true, description, resolve: (row: Row) => row[name] });
      }
      for (const [name, r] of Object.entries(spec.relations)) {
        const target = r.target();
        if (!definedSpecs.has(target)) {
          fields[`${name}Id`] = t.id({ nullable: r.nullable === true, description: r.description, resolve: (row: Row) => row[name] });
          continue;
        }
        fields[name] = t.field({
          type: entityRef(target),
          nullable: r.nullable === true,
          description: r.description,
          // joined into the statement that loaded `row` when the request selected it there, else by id
          resolve: (row: Row, _args: unknown, ctx: Context) => {
            const joined = joinedRow(row, name);
            if (joined !== undefined) return joined;
            const id = row[name];
            return id == null ? null : loader<string, Row | null>(ctx, `${target.name}.byId@`, (ids) => loadByIds(ctx.db, target, ids)).load(String(id));
          },
        });
      }
      return fields as any;
    },
  });
  return ref;
}

/** Root fields: `<list>` (a connection) and `<lookup>(id)`. */
export function defineRootFields(spec: EntitySpec, names: { list: string; lookup?: string; description?: string }): void {
  builder.queryField(names.list, (t: any) =>
    t.field({
      type: connectionRef(spec),
      nullable: false,
      description: names.description,
      args: connectionArgs(t, spec),
      complexity: pageComplexity,
      resolve: async (_: unknown, args: PageArgs, ctx: Context, info: GraphQLResolveInfo) =>
        connection(await loadPage(ctx.db, spec, args, selectedRead(spec, info, 'connection', isDefined)),
          async () => (await countRows(ctx.db, spec, args.where, undefined, args.block?.number))[0]!),
    }),
  );
  if (!names.lookup) return;
  const idKind = spec.columns.id!.kind;
  builder.queryField(names.lookup, (t: any) =>
    t.field({
      type: entityRef(spec),
      nullable: true,
      description: `One ${spec.name} by id (null when there is none).`,
      args: { id: t.arg({ type: SCALAR[idKind], required: true }), ...(spec.history ? { block: blockArg(t, spec) } : {}) },
      resolve: (_: unknown, args: { id: string; block?: { number: number } | null }, ctx: Context, info: GraphQLResolveInfo) => {
        refuseNul(args.id, "id");
        const block = args.block?.number;
        const read = selectedRead(spec, info, 'object', isDefined);
        const key = `${spec.name}.byId@${block ?? ''}${readKey(read)}`;
        return loader<string, Row | null>(ctx, key, (ids) => loadByIds(ctx.db, spec, ids, block, read)).load(args.id);
      },
    }),
  );
}

/**
 * A connection on `parent` of the rows of `child` whose `column` equals the parent's `parentField`
 * (e.g. an inference's attributions): all the parents of a page load in one statement.
 */
export function defineNestedConnection(parent: EntitySpec, field: string, child: EntitySpec, column: string, description?: string, parentField = 'id'): void {
  addToMany(parent, field, { child, column, parentField });
  builder.objectField(entityRef(parent), field, (t: any) =>
    t.field({
      type: connectionRef(child),
      nullable: false,
      description,
      args: connectionArgs(t, child),
      complexity: pageComplexity,
      resolve: async (row: Row, args: PageArgs, ctx: Context, info: GraphQLResolveInfo) => {
        const key = () => `${child.name}.${column}:${JSON.stringify(args)}`;
        const parentId = String(row[parentField]);
        // read with the parent's rows (rowRead.ts), or else in one statement for all the parents of a page
        const fetched = row[nestedRowsKey(String(info.path.key))] as Row[] | undefined;
        let page: Page;
        if (fetched) page = pageOf(child, args, fetched);
        else {
          const read = selectedRead(child, info, 'connection', isDefined);
          page = await loader<string, Page>(ctx, `page:${key()}${readKey(read)}`, (ids) => loadPages(ctx.db, child, column, ids, args, read)).load(parentId);
        }
        const count = () =>
          loader<string, number>(ctx, `count:${key()}`, (ids) => countRows(ctx.db, child, args.where, { column, ids }, args.block?.number)).load(parentId);
        return connection(page, count);
      },
    }),
  );
}

/**
 * `<parent>.history`: the changes of an entity with a history (`Account.history`), oldest first by
 * default, keyset-paginated like every connection. The entity's field on each row is `relation`.
 */
export function defineHistory(spec: EntitySpec, relation: string): void {
  const history = historyEntity(spec, relation);
  defineEntity(history);
  defineNestedConnection(spec, 'history', history, spec.history!.entityColumn,
    `the changes of its kept fields, one row per block they changed in (oldest first unless orderBy says otherwise; the index (${spec.history!.entityColumn}, valid_from_block) serves it)`);
}

/**
 * A lookup by natural key when the id is made of several values (`creditAllowanceByKey(user,
 * attributor)` for the id "<user>-<attributor>"): each key is an argument of its own scalar (an
 * address in any case), joined into the id as the indexer makes it.
 */
export function defineKeyLookup(spec: EntitySpec, name: string, keys: [arg: string, kind: 'address' | 'bytes' | 'id'][]): void {
  builder.queryField(name, (t: any) =>
    t.field({
      type: entityRef(spec),
      nullable: true,
      description: `One ${spec.name} by its natural key (its id is ${keys.map(([k]) => `<${k}>`).join('-')}); null when there is none.`,
      args: Object.fromEntries(keys.map(([arg, kind]) => [arg, t.arg({ type: SCALAR[kind], required: true })])),
      resolve: (_: unknown, args: Record<string, string>, ctx: Context) => {
        const id = keys.map(([arg]) => args[arg]!).join('-');
        refuseNul(id, name);
        return loader<string, Row | null>(ctx, `${spec.name}.byId@`, (ids) => loadByIds(ctx.db, spec, ids)).load(id);
      },
    }),
  );
}
