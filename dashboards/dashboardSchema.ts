// A JSON schema of the parts of Grafana's dashboard model these dashboards emit (the SDK ships types,
// not a schema): what Grafana needs to import them and run every panel on the Postgres datasource.
// Other keys are allowed (Grafana's model has many), but those listed must have these shapes.

const nonEmpty = { type: 'string', minLength: 1 } as const;
const datasource = {
  type: 'object',
  required: ['type', 'uid'],
  properties: { type: { const: 'grafana-postgresql-datasource' }, uid: nonEmpty },
} as const;

const postgresQuery = {
  type: 'object',
  required: ['refId', 'rawSql', 'format', 'rawQuery', 'editorMode', 'datasource'],
  properties: {
    refId: nonEmpty,
    rawSql: nonEmpty,
    format: { enum: ['time_series', 'table'] },
    rawQuery: { const: true },
    editorMode: { const: 'code' },
    datasource,
    hide: { type: 'boolean' },
  },
  additionalProperties: false,
} as const;

const link = { type: 'object', required: ['title', 'url'], properties: { title: nonEmpty, url: nonEmpty } } as const;

const fieldConfig = {
  type: 'object',
  required: ['defaults', 'overrides'],
  properties: {
    defaults: {
      type: 'object',
      properties: { unit: nonEmpty, decimals: { type: 'integer', minimum: 0 }, min: { type: 'number' }, links: { type: 'array', items: link }, custom: { type: 'object' } },
    },
    overrides: {
      type: 'array',
      items: {
        type: 'object',
        required: ['matcher', 'properties'],
        properties: {
          matcher: { type: 'object', required: ['id', 'options'], properties: { id: { const: 'byName' }, options: nonEmpty } },
          properties: {
            type: 'array',
            minItems: 1,
            items: {
              type: 'object',
              required: ['id', 'value'],
              oneOf: [
                { properties: { id: { const: 'unit' }, value: nonEmpty } },
                { properties: { id: { const: 'decimals' }, value: { type: 'integer', minimum: 0 } } },
                { properties: { id: { const: 'links' }, value: { type: 'array', minItems: 1, items: link } } },
              ],
            },
          },
        },
      },
    },
  },
} as const;

const panel = {
  type: 'object',
  required: ['type', 'id', 'title', 'gridPos', 'datasource', 'targets', 'fieldConfig', 'options'],
  properties: {
    type: { enum: ['timeseries', 'stat', 'bargauge', 'table'] },
    id: { type: 'integer', minimum: 1 },
    title: nonEmpty,
    description: { type: 'string' },
    gridPos: {
      type: 'object',
      required: ['x', 'y', 'w', 'h'],
      properties: { x: { type: 'integer', minimum: 0, maximum: 23 }, y: { type: 'integer', minimum: 0 }, w: { type: 'integer', minimum: 1, maximum: 24 }, h: { type: 'integer', minimum: 1 } },
    },
    datasource,
    targets: { type: 'array', minItems: 1, items: postgresQuery },
    interval: { type: 'string', pattern: '^[0-9]+(ms|s|m|h|d|w|M|y)$' },
    maxDataPoints: { type: 'integer', minimum: 1 },
    fieldConfig,
    options: { type: 'object' },
  },
} as const;

const variable = {
  type: 'object',
  required: ['type', 'name', 'label', 'query', 'datasource', 'multi', 'includeAll', 'refresh'],
  properties: {
    type: { const: 'query' },
    name: { type: 'string', pattern: '^[a-z][a-z0-9_]*$' },
    label: nonEmpty,
    query: nonEmpty,
    datasource,
    multi: { type: 'boolean' },
    includeAll: { type: 'boolean' },
    refresh: { enum: [1, 2] },
  },
} as const;

export const DASHBOARD_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'Grafana dashboard (the parts openledger-squid emits)',
  type: 'object',
  required: ['uid', 'title', 'schemaVersion', 'timezone', 'time', 'tags', 'panels', 'templating'],
  properties: {
    uid: { type: 'string', pattern: '^[a-zA-Z0-9_-]{1,40}$' },
    title: nonEmpty,
    description: { type: 'string' },
    schemaVersion: { type: 'integer', minimum: 36 },
    timezone: { enum: ['utc', 'browser', ''] },
    editable: { type: 'boolean' },
    refresh: { type: 'string' },
    time: { type: 'object', required: ['from', 'to'], properties: { from: nonEmpty, to: nonEmpty } },
    tags: { type: 'array', items: nonEmpty },
    links: { type: 'array', items: { type: 'object', required: ['title', 'type'], properties: { title: nonEmpty, type: { enum: ['dashboards', 'link'] } } } },
    panels: { type: 'array', minItems: 1, items: panel },
    templating: { type: 'object', required: ['list'], properties: { list: { type: 'array', items: variable } } },
  },
} as const;
