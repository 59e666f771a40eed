import type { MachineRole } from '../types';
import {
  ConfigSource, ambiguityAssumptions, ambiguousSelectorIndexes, clusterRoleSets, configSources, editRoleSets, isAgentOnly,
  mergeReaching, reachingSources, roleLabels, sourceOfKey,
} from './effectiveConfig';

/**
 * "Which config does each kind of machine run with", answered once per cluster object. A kind of machine is a role
 * combination under one guess about the ambiguous selector entries (effectiveConfig.ts ambiguityAssumptions).
 *
 * The merge rule has two halves (effectiveConfig.ts): which sources reach a machine (the selectors) and which of
 * those gives each key (the config maps). The first half depends only on the LAYOUT of rkeConfig, the selectors of
 * the machineSelectorConfig entries and the roles of the machine pools, so a `MachineLayout` holds for every object
 * with the same layout: the plan's edits change config maps, the manifest and the version, never a selector or a
 * pool. The second half is read from the object at hand, so an edit that evaluates the object it is building (after
 * its own or an earlier step's change) always sees that object's values.
 */

/** One kind of machine of a layout. */
export interface MachineKind {
  roles: readonly MachineRole[];
  /** Neither etcd nor control plane: the role filter keeps server-only keys from it. */
  agentOnly: boolean;
  /** The guess: indexes of the ambiguous entries assumed to match. */
  assumeMatch: ReadonlySet<number>;
  /** Positions in `configSources(rkeConfig)` of the sources that reach this kind of machine, in merge order. */
  reach: readonly number[];
}

/** The kinds of machine of one layout. */
export interface MachineLayout {
  /** The layout itself (selectors, pool roles) as text: equal signatures, equal layouts. */
  signature: string;
  /** Indexes of machineSelectorConfig entries whose selectors use labels other than the role labels. */
  ambiguous: readonly number[];
  /** Role combinations an edit must be correct for (effectiveConfig.ts editRoleSets). */
  editRoleSets: readonly MachineRole[][];
  /** Role combinations of the cluster (effectiveConfig.ts clusterRoleSets), a subset of editRoleSets. */
  clusterRoleSets: readonly MachineRole[][];
  /** Per role combination (`roles.join('+')`), one kind per guess; the first assumes every ambiguous entry matches. */
  kinds: ReadonlyMap<string, readonly MachineKind[]>;
}

const rolesKey = (roles: readonly MachineRole[]) => roles.join('+');

/** What a layout is made of: the selector of every entry and the roles of every machine pool. */
function layoutSignature(rkeConfig: Record<string, any> | undefined): string {
  const entries = Array.isArray(rkeConfig?.machineSelectorConfig) ? rkeConfig!.machineSelectorConfig : [];
  const pools = Array.isArray(rkeConfig?.machinePools) ? rkeConfig!.machinePools : [];

  return JSON.stringify([
    entries.map((entry: any) => entry?.machineLabelSelector || null),
    pools.map((pool: any) => [!!pool?.controlPlaneRole, !!pool?.etcdRole, !!pool?.workerRole]),
  ]);
}

function buildLayout(rkeConfig: Record<string, any> | undefined, signature: string): MachineLayout {
  const sources = configSources(rkeConfig);
  const assumptions = ambiguityAssumptions(rkeConfig);
  const kinds = new Map<string, MachineKind[]>();
  const roleSets = editRoleSets(rkeConfig);
  const ofCluster = clusterRoleSets(rkeConfig);

  // The cluster's combinations are among the edits' (the pools' own, or the standard ones among all of them).
  [...roleSets, ...ofCluster].forEach((roles) => {
    const labels = roleLabels(roles);
    const agentOnly = isAgentOnly(labels);

    if (!kinds.has(rolesKey(roles))) {
      kinds.set(rolesKey(roles), assumptions.map((assumeMatch) => ({
        roles,
        agentOnly,
        assumeMatch,
        reach: reachingSources(sources, labels, { assumeMatch }).map((s) => s.index + 1),
      })));
    }
  });

  // One layout serves every plan of the same layout: frozen, so no reader can change it for the next one.
  [...roleSets, ...ofCluster].forEach((roles) => Object.freeze(roles));
  kinds.forEach((list) => {
    list.forEach((kind) => {
      Object.freeze(kind.reach);
      Object.freeze(kind);
    });
    Object.freeze(list);
  });

  return Object.freeze({
    signature,
    ambiguous:       Object.freeze(ambiguousSelectorIndexes(rkeConfig)),
    editRoleSets:    Object.freeze(roleSets),
    clusterRoleSets: Object.freeze(ofCluster),
    kinds,
  });
}

/**
 * The last layout read. Keyed by the layout's own text, never by object identity, so it cannot go stale: an object
 * whose selectors or pools differ has another signature and gets its own layout.
 */
let lastLayout: MachineLayout | undefined;

/** The kinds of machine of this rkeConfig's layout (the one a plan already read, when the layout is the same). */
export function machineLayout(rkeConfig: Record<string, any> | undefined): MachineLayout {
  const signature = layoutSignature(rkeConfig);

  if (lastLayout?.signature !== signature) {
    lastLayout = buildLayout(rkeConfig, signature);
  }

  return lastLayout;
}

/** The kinds of machine with these roles (one per guess about ambiguous entries). */
export function kindsOf(layout: MachineLayout, roles: readonly MachineRole[]): readonly MachineKind[] {
  const kinds = layout.kinds.get(rolesKey(roles));

  if (!kinds) {
    throw new Error(`no machine kind ${ rolesKey(roles) } in this layout`);
  }

  return kinds;
}

/** Every kind of machine an edit must be correct for, restricted to role combinations with one of `roles`. */
export function editKindsWith(layout: MachineLayout, roles: readonly MachineRole[]): MachineKind[] {
  return layout.editRoleSets.filter((set) => set.some((r) => roles.includes(r))).flatMap((set) => [...kindsOf(layout, set)]);
}

/** The sources of `sources` (this object's `configSources`) that reach a kind of machine of its layout. */
function reachOf(sources: readonly ConfigSource[], kind: MachineKind): ConfigSource[] {
  return kind.reach.map((position) => sources[position]);
}

/** The source `key` comes from on this kind of machine, read from the object's current config maps. */
export function kindSourceOf(sources: readonly ConfigSource[], kind: MachineKind, key: string): ConfigSource | undefined {
  return sourceOfKey(reachOf(sources, kind), key, kind.agentOnly);
}

/** The value of `key` on this kind of machine (undefined: unset). */
export function kindValueOf(sources: readonly ConfigSource[], kind: MachineKind, key: string): any {
  return kindSourceOf(sources, kind, key)?.config[key];
}

/** The whole effective config of this kind of machine. */
export function kindConfigOf(sources: readonly ConfigSource[], kind: MachineKind): Record<string, any> {
  const result: Record<string, any> = {};

  mergeReaching(reachOf(sources, kind), kind.agentOnly).forEach((source, k) => {
    result[k] = source.config[k];
  });

  return result;
}

/**
 * The effective config of every kind of machine of one rkeConfig, merged once: what detection, the status and the
 * planner read. A snapshot of the object it was made from; edits evaluate the object they build (kindSourceOf).
 */
export interface MachineConfigs {
  layout: MachineLayout;
  sources: readonly ConfigSource[];
  /** The configs of the machines with these roles, one per guess (effectiveConfig.ts effectiveConfigVariants). */
  variants(roles: readonly MachineRole[]): readonly Record<string, any>[];
}

export function machineConfigs(rkeConfig: Record<string, any> | undefined): MachineConfigs {
  const layout = machineLayout(rkeConfig);
  const sources = configSources(rkeConfig);
  const configs = new Map<string, Record<string, any>[]>();

  layout.kinds.forEach((kinds, key) => configs.set(key, kinds.map((kind) => kindConfigOf(sources, kind))));

  return {
    layout,
    sources,
    variants: (roles) => {
      const variants = configs.get(rolesKey(roles));

      if (!variants) {
        throw new Error(`no machine kind ${ rolesKey(roles) } in this layout`);
      }

      return variants;
    },
  };
}
