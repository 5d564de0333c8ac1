// The TypeORM entities generated from schema/schema.graphql, and the list of their classes.
import * as generated from './generated/index.ts';

export * from './generated/index.ts';

/** Every entity class of the model (the generated module also exports enums, which are objects). */
export const ENTITIES: Function[] = (Object.values(generated) as unknown[]).filter(
  (v): v is Function => typeof v === 'function',
);
