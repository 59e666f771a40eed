/**
 * Who else writes the cluster object: a GitOps tool or Terraform that keeps the object as its source says will put
 * back whatever the migration writes, at its next sync (docs/rancher-behaviour.md#cluster-owners). Read from the
 * object's labels and annotations (`metadata.*`, or top-level in a Norman object) and its field managers
 * (`metadata.managedFields[].manager`, when the object carries them). Pure.
 */

/** Who owns the object, and the mark that says so (`key=value`, or the field manager). */
export interface ClusterOwner {
  /** Stable id part: fleet, argocd, flux, helm, terraform, controller. */
  id: string;
  /** The owner's name as shown (a product name, or the owner object an apply names). */
  owner: string;
  mark: string;
}

type Obj = Record<string, any>;

const OBJECTSET = 'objectset.rio.cattle.io/';
const OWNER_GVK = `${ OBJECTSET }owner-gvk`;
const HELM_RELEASE = 'meta.helm.sh/release-name';
const FLUX_PREFIXES = ['kustomize.toolkit.fluxcd.io/', 'helm.toolkit.fluxcd.io/'];
const ARGO_PREFIX = 'argocd.argoproj.io/';

function stringMap(value: unknown): Record<string, string> {
  return value && typeof value === 'object' && !Array.isArray(value) ? value as Record<string, string> : {};
}

/** Labels and annotations together, in either shape (`metadata.*`, Norman's top-level `labels`/`annotations`). */
function marksOf(obj: Obj): [string, string][] {
  const meta = stringMap(obj?.metadata);
  const labels = { ...stringMap(obj?.labels), ...stringMap(meta.labels) };
  const annotations = { ...stringMap(obj?.annotations), ...stringMap(meta.annotations) };

  return [...Object.entries(annotations), ...Object.entries(labels)];
}

function first(marks: [string, string][], match: (key: string) => boolean): string | undefined {
  const found = marks.find(([k]) => match(k));

  return found ? `${ found[0] }=${ found[1] }` : undefined;
}

/** The owners a list of field managers names: any manager whose name contains "terraform" (any case). */
export function ownersFromManagers(managers: unknown[]): ClusterOwner[] {
  const terraform = managers.find((m): m is string => typeof m === 'string' && /terraform/i.test(m));

  return terraform ? [{ id: 'terraform', owner: 'Terraform', mark: `managedFields manager ${ terraform }` }] : [];
}

/**
 * The owners the object's marks show, at most one per owner. Fleet deploys through Helm and Flux's helm-controller
 * too, so their Helm release annotation is not reported as Helm on its own; an objectset apply that names its owner
 * (`objectset.rio.cattle.io/owner-gvk`, as Rancher's own controllers apply) reports that owner object instead of Fleet.
 */
export function clusterOwners(obj: Obj | undefined): ClusterOwner[] {
  if (!obj || typeof obj !== 'object') {
    return [];
  }
  const marks = marksOf(obj);
  const value = (key: string) => marks.find(([k]) => k === key)?.[1];
  const owners: ClusterOwner[] = [];
  const objectset = first(marks, (k) => k.startsWith(OBJECTSET));
  const gvk = value(OWNER_GVK);

  if (objectset && gvk) {
    const ns = value(`${ OBJECTSET }owner-namespace`);
    const name = value(`${ OBJECTSET }owner-name`) || '';

    owners.push({ id: 'controller', owner: `${ gvk } ${ ns ? `${ ns }/` : '' }${ name }`.trim(), mark: `${ OWNER_GVK }=${ gvk }` });
  } else if (objectset) {
    owners.push({ id: 'fleet', owner: 'Fleet', mark: first(marks, (k) => k === `${ OBJECTSET }id`) || objectset });
  }
  const argo = first(marks, (k) => k.startsWith(ARGO_PREFIX));

  if (argo) {
    owners.push({ id: 'argocd', owner: 'Argo CD', mark: argo });
  }
  const flux = first(marks, (k) => FLUX_PREFIXES.some((p) => k.startsWith(p)));

  if (flux) {
    owners.push({ id: 'flux', owner: 'Flux', mark: flux });
  }
  const helm = first(marks, (k) => k === HELM_RELEASE);

  if (helm && !objectset && !flux) {
    owners.push({ id: 'helm', owner: 'Helm', mark: helm });
  }
  const managedFields = obj.metadata?.managedFields;

  return [...owners, ...ownersFromManagers(Array.isArray(managedFields) ? managedFields.map((f: any) => f?.manager) : [])];
}
