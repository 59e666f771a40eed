/**
 * The Kubernetes versions this Rancher offers for a distro (docs/rancher-behaviour.md#offered-versions): RKE2 from
 * the KDM release list Rancher serves (`/v1-rke2-release/releases`, the list the dashboard's cluster edit page reads),
 * RKE1 from the Norman setting `k8s-versions-current`.
 */
import { MigrationError, offeredKubernetesVersions, type Distro } from '../engine';
import { request, type RequestStore, type StoreLike } from './request';

export const OFFERED_VERSIONS: Record<Distro, { store: RequestStore; url: string }> = {
  rke2: { store: 'management', url: '/v1-rke2-release/releases' },
  rke1: { store: 'rancher', url: '/v3/settings/k8s-versions-current' },
};

/**
 * The versions Rancher offers for the distro, as it lists them. A failed request is its MigrationError; an answer
 * that is not the list (an older Rancher answers its UI page) is NOT_FOUND.
 */
export async function readOfferedVersions(store: StoreLike, distro: Distro): Promise<string[]> {
  const { store: which, url } = OFFERED_VERSIONS[distro];
  const answer = await request(store, which, { url });
  const versions = offeredKubernetesVersions(distro, answer);

  if (!versions) {
    const req = `GET ${ url }`;

    throw new MigrationError('NOT_FOUND', `${ req } did not answer with the Kubernetes versions Rancher offers.`, { key: 'api.errors.notOffered', params: { request: req } });
  }

  return versions;
}
