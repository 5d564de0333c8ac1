// Variables checked as graphql-js checks them, before a compiled query (graphql-jit) runs: graphql-jit
// reports a bad variable as only "Expected type Address.", where graphql-js keeps the scalar's own
// message (what was expected, what came), e.g. `Address: expected 0x followed by 40 hex digits, got "0x12"`.
import { getOperationAST, getVariableValues } from 'graphql';
import type { Plugin } from 'graphql-yoga';

export function variableErrors(): Plugin {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const operation = getOperationAST(args.document, args.operationName);
      if (!operation?.variableDefinitions?.length) return;
      const coerced = getVariableValues(args.schema, operation.variableDefinitions, args.variableValues ?? {}, { maxErrors: 10 });
      if (coerced.errors) setResultAndStopExecution({ errors: coerced.errors });
    },
  };
}
