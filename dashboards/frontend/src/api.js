// The dashboards' JSON API (see dashboards/API.md): same origin, cookie session.

export class ApiError extends Error {
  constructor(status, message, problems = []) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.problems = problems; // e.g. a candidate policy's compile errors, each with its line and rule
  }
}

/** Thrown after a 401 once the browser is on its way to the login page: nothing to show. */
export class SessionEnded extends ApiError {
  constructor() {
    super(401, 'Your session has ended. Taking you to the sign-in page…');
    this.name = 'SessionEnded';
  }
}

export function loginUrl() {
  return `/login?next=${encodeURIComponent(location.pathname + location.hash)}`;
}

/** Query string from {key: value | [values]}; empty values are left out. */
export function query(params = {}) {
  const qs = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    const values = Array.isArray(value) ? value : [value];
    for (const v of values) {
      if (v === null || v === undefined || v === '') continue;
      qs.append(key, String(v));
    }
  }
  return qs.toString();
}

/** One path segment, percent-encoded (dataset URIs contain "/" and ":"). */
export const seg = (s) => encodeURIComponent(s);

let redirecting = false;

/** Calls the API; {body, contentType} send a request body (POSTs must come from this origin, as they do). */
export async function api(path, { method = 'GET', params, signal, body: requestBody, contentType } = {}) {
  const qs = params ? query(params) : '';
  const url = `/api/v1${path}${qs ? `?${qs}` : ''}`;
  let res;
  try {
    res = await fetch(url, {
      method,
      signal,
      credentials: 'same-origin',
      headers: contentType ? { Accept: 'application/json', 'Content-Type': contentType } : { Accept: 'application/json' },
      body: requestBody,
    });
  } catch (e) {
    if (e && e.name === 'AbortError') throw e;
    throw new ApiError(0, 'Cannot reach the Countersign server. Check your connection and try again.');
  }
  if (res.status === 401) {
    if (!redirecting) {
      redirecting = true;
      location.href = loginUrl();
    }
    throw new SessionEnded();
  }
  let body = null;
  const text = await res.text();
  if (text) {
    try {
      body = JSON.parse(text);
    } catch {
      body = null;
    }
  }
  if (!res.ok) {
    // Every API error is {"error": code, "message": what to do, "requestId"}: people read the message.
    const message = (body && typeof body.message === 'string' && body.message)
      || (res.status === 503 ? 'The audit index (OpenSearch) cannot be reached right now. Try again in a minute.' : `The server answered ${res.status} ${res.statusText}`.trim());
    const problems = body && Array.isArray(body.problems) ? body.problems.map(String) : [];
    throw new ApiError(res.status, message, problems);
  }
  if (body === null) throw new ApiError(res.status, 'The server sent an answer that is not JSON.');
  return body;
}

export const apiPaths = {
  me: () => '/me',
  search: () => '/audit/search',
  exportCsv: (qs) => `/api/v1/audit/export.csv${qs !== undefined ? `?${qs}` : ''}`,
  intent: (id) => `/intents/${seg(id)}`,
  verify: (id) => `/intents/${seg(id)}/verify`,
  datasets: () => '/datasets',
  dataset: (uri) => `/datasets/${seg(uri)}`,
  lineage: (uri) => `/datasets/${seg(uri)}/lineage`,
  usage: (uri) => `/datasets/${seg(uri)}/usage`,
  agents: () => '/agents',
  agent: (id) => `/agents/${seg(id)}`,
  approvals: () => '/approvals/analytics',
  policyReplay: () => '/policy/replay',
  evidenceZip: (qs) => `/api/v1/audit/evidence.zip?${qs}`,
};
