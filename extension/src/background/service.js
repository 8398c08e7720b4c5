// HTTP client for the local Tonefall service. Only loopback URLs are allowed: text never leaves
// the machine, whatever is typed into the options page.

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);

export class ServiceError extends Error {
  constructor(code, message) {
    super(message || code);
    this.code = code;
  }
}

export function checkLoopback(serviceUrl) {
  let url;
  try {
    url = new URL(serviceUrl);
  } catch {
    throw new ServiceError("bad-url", `not a URL: ${serviceUrl}`);
  }
  if (!LOOPBACK.has(url.hostname)) throw new ServiceError("not-loopback", `the service must run on this machine, not ${url.hostname}`);
  return url;
}

export async function call(settings, method, path, body) {
  checkLoopback(settings.serviceUrl);
  if (!settings.token && path !== "/v1/health") throw new ServiceError("token-missing", "no access token set");
  let response;
  try {
    response = await fetch(settings.serviceUrl + path, {
      method,
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${settings.token}` },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ServiceError("service-down", `no Tonefall service at ${settings.serviceUrl}`);
  }
  if (response.status === 401) throw new ServiceError("unauthorized", "the access token was refused");
  if (!response.ok) {
    const detail = await response.json().catch(() => ({}));
    throw new ServiceError(`http-${response.status}`, JSON.stringify(detail.detail ?? detail));
  }
  return response.json();
}
