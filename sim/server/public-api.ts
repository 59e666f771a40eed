/**
 * Endpoints served without a session: versions, auth providers and the two login flavours.
 * - `/rancherversion` {Version, GitCommit, RancherPrime} (rancher/rancher pkg/version handler);
 *   `/version` the Kubernetes version.Info of the local cluster (k8s.io/apimachinery pkg/version).
 * - New public API (shell ≥ 3.0.8 from master): `GET /v1-public/authproviders`, `POST /v1-public/login`,
 *   `POST /v1/logout` (rancher/rancher pkg/auth/providers/public, pkg/auth/logout).
 * - Norman public API (the UI of Rancher 2.13 and older): `GET /v3-public/authProviders`,
 *   `POST /v3-public/localProviders/local?action=login`, `POST /v3/tokens?action=logout`
 *   (rancher/rancher pkg/auth/providers/publicapi/login.go: responseType 'cookie' → R_SESS cookie, else a token).
 * - The KDM release list `GET /v1-rke2-release/releases` (kdm-releases.ts; Rancher routes it without a session).
 */
import type { SimContext } from './context';
import { handleKdmReleases } from './kdm-releases';
import { json } from './replies';
import { publicSettingsCollection } from './steve-api';
import { ApiError, Reply, SimRequest } from './types';
import { uiPluginCachedFile, uiPluginIndex } from './uiplugins';
import { expiredSessionCookie, sessionCookie } from './users';

function body(req: SimRequest): any {
  try {
    return req.rawBody ? JSON.parse(req.rawBody) : {};
  } catch {
    throw new ApiError(400, 'BadRequest', 'request body is not valid JSON');
  }
}

function localProvider(req: SimRequest, flavour: 'v1' | 'v3'): Record<string, any> {
  const login = flavour === 'v1' ? `${ req.base }/v1-public/login` : `${ req.base }/v3-public/localProviders/local?action=login`;

  return {
    id:       'local',
    type:     'localProvider',
    baseType: 'authProvider',
    links:    { self: flavour === 'v1' ? `${ req.base }/v1-public/authproviders/local` : `${ req.base }/v3-public/localProviders/local` },
    actions:  { login },
    creatorId: null,
  };
}

function login(ctx: SimContext, req: SimRequest): Reply {
  const b = body(req);
  const session = ctx.sessions.login(b.username, b.password);

  if (!session) {
    throw new ApiError(401, 'Unauthorized', 'authentication failed');
  }
  const token = {
    type: 'token', baseType: 'token', id: session.token.split(':')[0], name: session.token.split(':')[0], userId: session.user.id, authProvider: 'local', isDerived: false, current: true,
  };

  if (b.responseType === 'cookie') {
    return json(200, token, { 'set-cookie': [sessionCookie(session.token), 'CSRF=sim-csrf; Path=/; SameSite=Lax'] });
  }

  return json(201, { ...token, token: session.token });
}

function logout(ctx: SimContext, req: SimRequest): Reply {
  ctx.sessions.logout(req.headers);

  return json(200, { type: 'logout', baseType: 'logout' }, { 'set-cookie': expiredSessionCookie() });
}

/** Answers a public endpoint, or undefined when the path is not one. */
export function handlePublic(ctx: SimContext, req: SimRequest): Reply | undefined {
  const p = req.path;
  const m = req.method;

  const kdm = handleKdmReleases(ctx.world.serverVersion, req);

  if (kdm) {
    return kdm;
  }
  if (p === '/rancherversion' && m === 'GET') {
    return json(200, { Version: ctx.world.serverVersion, GitCommit: 'sim0000', RancherPrime: 'false' });
  }
  if (p === '/version' && m === 'GET') {
    return json(200, {
      major: '1', minor: '32', gitVersion: 'v1.32.5+k3s1', gitCommit: 'sim', gitTreeState: 'clean', buildDate: '2025-06-01T00:00:00Z', goVersion: 'go1.23.8', compiler: 'gc', platform: 'linux/amd64'
    });
  }
  if (p === '/v1-public/authproviders' && m === 'GET') {
    return json(200, {
      type: 'collection', resourceType: 'authProvider', links: { self: `${ req.base }/v1-public/authproviders` }, data: [localProvider(req, 'v1')]
    });
  }
  if (p === '/v3-public/authProviders' && m === 'GET') {
    return json(200, {
      type: 'collection', resourceType: 'authProvider', links: { self: `${ req.base }/v3-public/authProviders` }, data: [localProvider(req, 'v3')]
    });
  }
  if ((p === '/v1-public/login' && m === 'POST') || (p === '/v3-public/localProviders/local' && m === 'POST' && req.url.searchParams.get('action') === 'login')) {
    return login(ctx, req);
  }
  if ((p === '/v1/logout' && m === 'POST') || (p === '/v3/tokens' && m === 'POST' && req.url.searchParams.get('action') === 'logout')) {
    return logout(ctx, req);
  }
  if (p === '/v1/uiplugins' && m === 'GET') {
    return json(200, uiPluginIndex(ctx));
  }
  if (p.startsWith('/v1/uiplugins/')) {
    return uiPluginCachedFile(ctx, req);
  }
  if (!req.user && p === '/v1/management.cattle.io.settings' && m === 'GET') {
    return publicSettingsCollection(ctx, req);
  }

  return undefined;
}
