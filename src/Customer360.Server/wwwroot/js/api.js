// Every request carries the chosen tenant in X-Tenant-Id (CONTRACT.md section 3).
const KEY = 'c360.tenant';
let tenant = localStorage.getItem(KEY) || 'default';

export const knownTenants = ['default', 'org_001', 'tenant-001'];

export function getTenant() {
  return tenant;
}

export function setTenant(value) {
  tenant = value.trim() || 'default';
  localStorage.setItem(KEY, tenant);
}

export function headers(extra = {}) {
  return { 'X-Tenant-Id': tenant, ...extra };
}

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

/** Fetches JSON (or text when asked); non-2xx throws ApiError with the server's {error} message. */
export async function api(path, { method = 'GET', body, text = false, signal, okStatuses = [] } = {}) {
  const res = await fetch(path, {
    method,
    body,
    signal,
    headers: headers(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
  });
  const payload = res.status === 204 ? null : text ? await res.text() : await res.json().catch(() => null);
  if (!res.ok && !okStatuses.includes(res.status)) {
    throw new ApiError(res.status, payload?.error ?? `${method} ${path} failed with HTTP ${res.status}`);
  }
  return { status: res.status, data: payload };
}

export function customerPath(id, rest = '') {
  return `/api/customers/${encodeURIComponent(id)}${rest}`;
}
