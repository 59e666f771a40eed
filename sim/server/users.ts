/**
 * Local users and cookie sessions of the simulated Rancher.
 * Rancher's local auth provider (rancher/rancher pkg/auth/providers/local) checks username/password,
 * then the token manager creates a session token and sets it as the `R_SESS` cookie
 * (pkg/auth/tokens/manager.go, cookie name from pkg/auth/tokens CookieName). Logout deletes the token and
 * expires the cookie.
 */
import { randomBytes } from 'crypto';
import type { IncomingHttpHeaders } from 'http';
import type { SimUser } from './types';

export const SESSION_COOKIE = 'R_SESS';

export const USERS: SimUser[] = [
  {
    id: 'user-abc12', username: 'admin', password: 'password1234', displayName: 'Default Admin', uuid: '6f1c2b8e-1111-4222-8333-944455556666', readOnly: false
  },
  {
    id: 'user-ro001', username: 'readonly', password: 'password1234', displayName: 'Read Only', uuid: '7a2d3c9f-2222-4333-8444-a55566667777', readOnly: true
  },
];

export function parseCookies(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};

  for (const part of (headers.cookie || '').split(';')) {
    const i = part.indexOf('=');

    if (i > 0) {
      out[part.slice(0, i).trim()] = decodeURIComponent(part.slice(i + 1).trim());
    }
  }

  return out;
}

export class Sessions {
  /** token name → user id */
  private readonly tokens = new Map<string, string>();

  login(username: unknown, password: unknown): { user: SimUser; token: string } | undefined {
    const user = USERS.find((u) => u.username === username && u.password === password);

    if (!user) {
      return undefined;
    }
    const token = `token-${ randomBytes(3).toString('hex') }:${ randomBytes(16).toString('hex') }`;

    this.tokens.set(token, user.id);

    return { user, token };
  }

  /** The user of a request: `R_SESS` cookie or `Authorization: Bearer <token>` (API keys). */
  userOf(headers: IncomingHttpHeaders): SimUser | undefined {
    const auth = headers.authorization || '';
    const token = auth.startsWith('Bearer ') ? auth.slice(7) : parseCookies(headers)[SESSION_COOKIE];
    const id = token ? this.tokens.get(token) : undefined;

    return id ? USERS.find((u) => u.id === id) : undefined;
  }

  logout(headers: IncomingHttpHeaders): void {
    const token = parseCookies(headers)[SESSION_COOKIE];

    if (token) {
      this.tokens.delete(token);
    }
  }

  clear(): void {
    this.tokens.clear();
  }
}

export function sessionCookie(token: string): string {
  return `${ SESSION_COOKIE }=${ encodeURIComponent(token) }; Path=/; HttpOnly; SameSite=Lax`;
}

export function expiredSessionCookie(): string {
  return `${ SESSION_COOKIE }=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax`;
}
