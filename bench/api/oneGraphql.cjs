// Preloaded (`node --require`) into the OpenReader process the API benchmark starts. As installed
// here, @subsquid/graphql-server and @subsquid/openreader each get their own nested copy of
// graphql 15 (the project's own graphql is 16, at the top), and the Apollo server they share
// resolves graphql 16: a schema built by one copy is then "Unknown type Query." to another. This
// resolves every `graphql` import of the process to graphql-server's copy, as one flat install would.
'use strict';
const Module = require('node:module');
const path = require('node:path');

const server = path.dirname(require.resolve('@subsquid/graphql-server/package.json'));
const graphql = path.dirname(require.resolve('graphql/package.json', { paths: [server] }));
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, parent, ...rest) {
  if (request === 'graphql' || request.startsWith('graphql/')) request = graphql + request.slice('graphql'.length);
  return resolve.call(this, request, parent, ...rest);
};
