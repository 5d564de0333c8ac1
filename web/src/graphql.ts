// The page's only backend: the GraphQL API of the server that served it (same origin, POST JSON).
// Failures become an ApiError whose message a person can read.
export type ApiErrorKind = 'unreachable' | 'http' | 'graphql';

export class ApiError extends Error {
  constructor(readonly kind: ApiErrorKind, message: string) {
    super(message);
  }
}

export const ENDPOINT = '/graphql';

export async function gql<T = any>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(ENDPOINT, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify({ query, variables }) });
  } catch {
    throw new ApiError('unreachable', `The API is not reachable at ${location.origin}${ENDPOINT}: the request did not get an answer. Is the API running? Reload the page to retry.`);
  }
  const text = await res.text().catch(() => '');
  let body: { data?: T; errors?: { message: string }[] } | undefined;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  if (body?.errors?.length) throw new ApiError('graphql', body.errors.map((e) => e.message).join('; '));
  if (!res.ok || !body?.data) {
    const what = res.status >= 500 ? 'The API is not reachable or failing' : 'The API refused the request';
    throw new ApiError('http', `${what}: it answered HTTP ${res.status}${body ? '' : ' without a GraphQL reply'}. Reload the page to retry.`);
  }
  return body.data;
}
