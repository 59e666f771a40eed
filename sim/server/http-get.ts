/**
 * A GET over node's http/https for the simulator's own downloads (chart repository indexes, charts, UI plugin
 * files), as Rancher's server fetches them; jest's node environment has no `fetch`.
 */
import { get as httpGet } from 'http';
import { get as httpsGet } from 'https';

export function getUrl(url: string): Promise<{ status: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const get = url.startsWith('https:') ? httpsGet : httpGet;
    const req = get(url, (res) => {
      const chunks: Uint8Array[] = [];

      res.on('data', (c: Buffer) => chunks.push(new Uint8Array(c)));
      res.on('end', () => resolve({ status: res.statusCode || 0, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });

    req.on('error', reject);
    req.setTimeout(10000, () => req.destroy(new Error(`timeout fetching ${ url }`)));
  });
}
