// The status `npm start` shows in a terminal, from the log lines its parts write (in the formats of
// lib/log, @subsquid/logger and api/log).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { StatusBoard } from './statusBoard.ts';

const devnet = (msg: string, fields: object = {}, level = 'info') => JSON.stringify({ time: '2026-01-01T00:00:00.000Z', level, component: 'devnet', msg, ...fields });
const sqd = (msg: string, fields: object = {}, level = 2) => JSON.stringify({ level, time: 1795760944610, ns: 'sqd:processor:progress', msg, ...fields });
const verifier = (msg: string, fields: object = {}, level = 'info') => JSON.stringify({ time: '2026-01-01T00:00:00.000Z', level, component: 'verifier', msg, ...fields });
const api = (msg: string, fields: object = {}, level = 'info') => JSON.stringify({ time: '2026-01-01T00:00:00.000Z', level, msg, ...fields });

test('before anything logged, every part says what it waits for', () => {
  assert.deepEqual(new StatusBoard().lines(), [
    'devnet   starting',
    'indexer  waiting for the devnet',
    'api      waiting for the database',
    'verifier waiting for the database',
  ]);
});

test('the parts\' log lines become what each does, the indexed height and the API URL', () => {
  const board = new StatusBoard();
  const fed = [
    board.feed('devnet', devnet('devnet up', { rpcUrl: 'http://127.0.0.1:8545', contentStore: 'http://127.0.0.1:9000' })),
    board.feed('devnet', devnet('phase done', { phase: 'tokens', ms: 335 })),
  ];
  assert.deepEqual(board.lines(), [
    'devnet   running the scenario (tokens done) · chain http://127.0.0.1:8545',
    'indexer  starting',
    'api      waiting for the database',
    'verifier waiting for the database',
  ]);
  fed.push(
    board.feed('indexer', sqd('migrations applied', { applied: ['Data1'], database: '127.0.0.1:5432/openledger' })),
    board.feed('devnet', devnet('scenario done; producing until Ctrl-C', { events: 318 })),
    board.feed('devnet', devnet('inferences posted', { total: 30, falsified: 6 })),
    board.feed('indexer', sqd('batch', { from: 1, to: 120, isHead: false, height: 120, head: 150, lag: 30 })),
  );
  assert.deepEqual(board.lines(), [
    'devnet   producing activity (30 inferences posted) · chain http://127.0.0.1:8545',
    'indexer  catching up, 30 blocks behind · height 120 of 150',
    'api      starting',
    'verifier starting',
  ]);
  fed.push(
    board.feed('api', api('api listening', { url: 'http://127.0.0.1:4350/graphql' })),
    board.feed('api', api('request', { method: 'POST', path: '/graphql', status: 200, ms: 3 })),
    board.feed('api', api('request', { method: 'GET', path: '/ready', status: 200, ms: 1 })),
    board.feed('devnet', devnet('activity', { round: 10, inferences: 41 })),
    board.feed('indexer', sqd('batch', { from: 121, to: 151, isHead: true, height: 151 })),
    board.feed('verifier', verifier('verifier started', { account: '0x00000000000000000000000000000000000000aa' })),
    board.feed('verifier', verifier('batch verified', { records: 12, MATCH: 10, DISPUTE: 2, UNVERIFIABLE: 0 })),
    board.feed('verifier', verifier('batch verified', { records: 3, MATCH: 2, DISPUTE: 1, UNVERIFIABLE: 0 })),
    board.feed('verifier', verifier('challenge opened', { inference: '7', challengeId: '1' })),
  );
  assert.deepEqual(board.lines(), [
    'devnet   producing activity (41 inferences posted) · chain http://127.0.0.1:8545',
    'indexer  at the chain head · height 151',
    'api      serving http://127.0.0.1:4350/graphql · 2 requests',
    'verifier watching · 15 verdicts, 3 disputes, 1 challenges',
  ]);
  assert.deepEqual(fed.filter((l) => l !== undefined), [], 'info lines print nothing above the status');
});

test('warnings, errors and plain text are lines above the status; after Ctrl-C only errors are', () => {
  const board = new StatusBoard();
  assert.equal(board.feed('indexer', sqd('connection failure', { reason: 'RpcConnectionError: Socket error' }, 3)), 'indexer warn: connection failure (RpcConnectionError: Socket error)');
  assert.equal(board.feed('api', api('api failed to start', { error: 'PORT: port 4350 is already in use on 127.0.0.1' }, 'error')), 'api error: api failed to start (PORT: port 4350 is already in use on 127.0.0.1)');
  assert.equal(board.feed('indexer', sqd('fatal', {}, 5)), 'indexer error: fatal');
  assert.equal(board.feed('indexer', 'indexer: DATABASE_URL: expected postgres:// or postgresql://, got http:'), 'indexer: indexer: DATABASE_URL: expected postgres:// or postgresql://, got http:');
  assert.equal(board.feed('devnet', '{"not":"a log line"}'), 'devnet: {"not":"a log line"}');
  assert.equal(board.feed('devnet', '   '), undefined);
  assert.equal(board.feed('start', JSON.stringify({ level: 'error', msg: 'part exited; stopping everything', part: 'indexer' })), 'start error: part exited; stopping everything');
  assert.deepEqual(board.lines(), ['devnet   starting', 'indexer  waiting for the devnet', 'api      waiting for the database', 'verifier waiting for the database'], 'warnings and errors do not change what a part does');

  board.stopping();
  assert.equal(board.feed('indexer', sqd('connection failure', { reason: 'RpcConnectionError: Socket error' }, 3)), undefined);
  assert.equal(board.feed('devnet', devnet('devnet failed', { error: 'boom' }, 'error')), 'devnet error: devnet failed (boom)');
  board.feed('devnet', devnet('stopping', { signal: 'SIGTERM' }));
  board.feed('api', api('api stopping', { signal: 'SIGTERM' }));
  board.exited('indexer', 0);
  board.exited('api', 1);
  board.exited('verifier', 0);
  assert.deepEqual(board.lines(), ['devnet   stopping', 'indexer  stopped', 'api      exited with code 1', 'verifier stopped']);
});
