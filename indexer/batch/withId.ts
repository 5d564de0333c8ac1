// The one thing the batch layer needs of every entity: its id. Its own module, so that the batch
// modules (entityMap, rows, storeAccess, tableCodec, history) share it without importing each other.

export interface WithId {
  id: string;
}
