// The graphql-sse protocol (its single-connection and distinct-connections modes) at one endpoint,
// through the `graphql-sse` package's own handler, with yoga's parse, validation, context and
// execution (so the document limits, complexity and masking of every request apply).
// Why not `@graphql-yoga/plugin-graphql-sse` (3.24) as it is: it answers an operation refused
// before it runs (a validation error, an error `subscribe` throws) with a bare `{ errors }`, which
// graphql-sse 2.6 only takes as a result when it has a `data` key, so the client got "Unable to
// detect operation AST" instead of the error. Here such a result carries `data: null`.
import { getOperationAST, GraphQLError, type ExecutionResult } from 'graphql';
import { createHandler } from 'graphql-sse/lib/use/fetch';
import type { Plugin } from 'graphql-yoga';

const isAsyncIterable = (v: unknown): v is AsyncIterable<unknown> => typeof v === 'object' && v !== null && Symbol.asyncIterator in v;

/** A result graphql-sse takes as one: `data` present (null when the operation did not run). */
const asResult = (r: ExecutionResult): ExecutionResult => ('data' in r ? r : { data: null, ...r });

export function graphqlSse(endpoint: string): Plugin {
  let handler: ((request: Request) => Promise<Response>) | undefined;
  const serverContexts = new WeakMap<Request, Record<string, unknown>>();
  return {
    onYogaInit({ yoga }) {
      handler = createHandler(
        {
          async onSubscribe(req, params) {
            const enveloped = yoga.getEnveloped({ ...serverContexts.get(req.raw), request: req.raw, params });
            let document;
            try {
              document = enveloped.parse(params.query);
            } catch (err) {
              if (err instanceof GraphQLError) return { data: null, errors: [err] };
              throw err;
            }
            const errors = enveloped.validate(enveloped.schema, document);
            if (errors.length > 0) return { data: null, errors };
            const args = {
              schema: enveloped.schema, document, contextValue: await enveloped.contextFactory(),
              variableValues: params.variables, operationName: params.operationName,
            };
            const run = getOperationAST(document, params.operationName)?.operation === 'subscription' ? enveloped.subscribe : enveloped.execute;
            const result = (await run(args)) as ExecutionResult | AsyncIterable<ExecutionResult>;
            return isAsyncIterable(result) ? (result as never) : asResult(result);
          },
        },
        yoga.fetchAPI,
      );
    },
    onRequest({ request, endResponse, serverContext }) {
      if (new URL(request.url).pathname !== endpoint || !handler) return;
      serverContexts.set(request, serverContext as Record<string, unknown>);
      return handler(request).then(endResponse);
    },
  };
}
