// Preloaded into a processor child (`INDEXER_NODE_ARGS=--require <this file>`) by the fault tests:
// prints a line whenever a query is sent on a pg client that is still running another one, or has
// one waiting. pg 8.23 queues such a query and warns only once a second one waits; pg 9 removes
// the queue. This is the stricter rule pg 9 sets: one query at a time per client.
'use strict';
const pg = require('pg');

const query = pg.Client.prototype.query;
pg.Client.prototype.query = function queryOneAtATime(config, values, callback) {
  if (this._activeQuery || this._queryQueue.length > 0) {
    const text = typeof config === 'string' ? config : (config && (config.text || (config.constructor && config.constructor.name))) || '?';
    process.stderr.write(`pg: a query was sent while another ran on the same client: ${String(text).replace(/\s+/g, ' ').slice(0, 120)}\n`);
  }
  return query.call(this, config, values, callback);
};
