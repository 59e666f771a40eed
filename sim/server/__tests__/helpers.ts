/**
 * Test helpers: an in-process simulator over the tiny world on a free port, and a small HTTP client (node
 * http; jest's node environment has no fetch) that keeps the session cookie.
 */
import { request } from 'http';
import { startSimulator, Simulator, SimulatorOptions } from '../index';
import { TinyWorld } from './tiny-world';

export interface HttpReply {
  status: number;
  headers: { get(name: string): string | null };
  body: any;
  text: string;
  /** The body's bytes. */
  raw: Buffer;
}

export interface CallInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  json?: unknown;
}

export function http(url: string, init: CallInit = {}): Promise<HttpReply> {
  const headers: Record<string, string> = { ...(init.headers || {}) };
  let body = init.body;

  if (init.json !== undefined) {
    body = JSON.stringify(init.json);
    headers['content-type'] = headers['content-type'] || 'application/json';
  }

  if (body !== undefined) {
    headers['content-length'] = String(Buffer.byteLength(body));
  }

  return new Promise((resolve, reject) => {
    const req = request(url, { method: init.method || 'GET', headers }, (res) => {
      const chunks: Buffer[] = [];

      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const raw = Buffer.concat(chunks as unknown as Uint8Array[]);
        const text = raw.toString('utf8');
        let parsed: any = text;

        try {
          parsed = JSON.parse(text);
        } catch {
          // not JSON
        }
        resolve({
          status:  res.statusCode || 0,
          headers: {
            get: (n) => {
              const v = res.headers[n.toLowerCase()];

              return v === undefined ? null : Array.isArray(v) ? v.join(', ') : String(v);
            }
          },
          body: parsed,
          text,
          raw,
        });
      });
    });

    req.on('error', reject);
    if (body !== undefined) {
      req.write(body);
    }
    req.end();
  });
}

export interface Client {
  cookie?: string;
  call(path: string, init?: CallInit): Promise<HttpReply>;
}

export async function startTestSim(extra: Partial<SimulatorOptions> = {}): Promise<Simulator> {
  return startSimulator({
    port: 0, world: (store, o) => new TinyWorld(store, o.rancherVersion), stevePingMs: 60000, normanPingMs: 60000, ...extra
  });
}

export function client(sim: Simulator, cookie?: string): Client {
  return {
    cookie,
    call(path, init = {}) {
      return http(`${ sim.url }${ path }`, { ...init, headers: { ...(init.headers || {}), ...(cookie ? { cookie } : {}) } });
    },
  };
}

export async function login(sim: Simulator, username = 'admin', password = 'password1234'): Promise<Client> {
  const res = await http(`${ sim.url }/v1-public/login`, {
    method: 'POST', json: {
      type: 'localProvider', description: 'UI session', responseType: 'cookie', username, password
    }
  });

  if (res.status !== 200) {
    throw new Error(`login failed: ${ res.status }`);
  }

  return client(sim, (res.headers.get('set-cookie') || '').split(';')[0]);
}
