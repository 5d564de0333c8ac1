// The SDK has builders for many datasources' queries but none for Postgres: this is the query model
// of Grafana's `grafana-postgresql-datasource` (the fields its code editor saves), typed as a cog
// Dataquery variant so the SDK's panel builders accept it.
import type { Builder, Dataquery } from '@grafana/grafana-foundation-sdk/cog';
import type { DataSourceRef } from '@grafana/grafana-foundation-sdk/common';

/** Grafana's plugin id of its built-in Postgres datasource. */
export const POSTGRES_DATASOURCE_TYPE = 'grafana-postgresql-datasource';

/** `time_series`: a `time` column and value columns (one series per value column, or per `metric`); `table`: rows as they come. */
export type PostgresFormat = 'time_series' | 'table';

export interface PostgresQuery {
  refId: string;
  hide?: boolean;
  datasource?: DataSourceRef;
  /** the SQL, with Grafana's macros and template variables (expanded by dashboards/macros.ts in tests) */
  rawSql: string;
  format: PostgresFormat;
  /** code mode: the SQL is used as written */
  rawQuery: true;
  editorMode: 'code';
  _implementsDataqueryVariant(): void;
}

export class PostgresQueryBuilder implements Builder<Dataquery> {
  private readonly internal: PostgresQuery;

  constructor(rawSql: string, format: PostgresFormat) {
    this.internal = { refId: 'A', rawSql, format, rawQuery: true, editorMode: 'code', _implementsDataqueryVariant() {} };
  }

  refId(refId: string): this {
    this.internal.refId = refId;
    return this;
  }

  datasource(datasource: DataSourceRef): this {
    this.internal.datasource = datasource;
    return this;
  }

  hide(hide: boolean): this {
    this.internal.hide = hide;
    return this;
  }

  build(): PostgresQuery {
    return this.internal;
  }
}
