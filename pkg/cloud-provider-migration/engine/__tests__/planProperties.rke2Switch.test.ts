// RKE2 plan properties (c) and (d): what the switch leaves on every machine, and migrated clusters asked for a newer version.
import fc from 'fast-check';
import { planMigration } from '../planning/planMigration';
import { configSources, editRoleSets, effectiveConfigVariants, roleLabels } from '../rke2/effectiveConfig';
import { argList, splitArg } from '../rke2/componentArgs';
import { readCcmHelmChart } from '../rke2/additionalManifest';
import {
  runs, TIMEOUT_MS, rke2Cluster, rke2Options, optionsFor, others,
} from './planArbitraries';

describe('RKE2 plan properties', () => {
  it('(c) after the switch every machine runs out of tree and keeps every other effective arg', () => {
    fc.assert(fc.property(rke2Cluster, rke2Options, (obj, o) => {
      const options = optionsFor(obj, o, 'rke2');
      const plan = planMigration(obj, options);
      const switchStep = plan.steps.find((s) => s.id === 'switch-to-external');

      if (!switchStep || planMigration(obj).status === 'migrated') {
        // Already migrated (in the docs' form): property (d).
        expect(plan.status).toBe('migrated');

        return;
      }
      const after = switchStep.object!;
      const external = options.rke2ExternalMode === 'external';

      expect(planMigration(after, options).status).toBe('migrated');
      editRoleSets(obj.spec.rkeConfig).forEach((roles) => {
        const was = effectiveConfigVariants(obj.spec.rkeConfig, roleLabels(roles));
        const now = effectiveConfigVariants(after.spec.rkeConfig, roleLabels(roles));

        now.forEach((config, i) => {
          (['kubelet-arg', 'kube-apiserver-arg', 'kube-controller-manager-arg', 'kube-scheduler-arg']).forEach((key) => {
            expect(others(argList(config[key]), false)).toEqual(others(argList(was[i][key]), key === 'kube-controller-manager-arg'));
          });
          expect(argList(config['kube-controller-manager-arg']).map((a) => splitArg(a).name)).not.toContain('enable-leader-migration');
          if (external) {
            expect(config['cloud-provider-name']).toBe('external');
          } else {
            expect(argList(config['kubelet-arg'])).toContain('cloud-provider=external');
            if (roles.includes('control-plane')) {
              expect(argList(config['kube-apiserver-arg'])).toContain('cloud-provider=external');
              expect(argList(config['kube-controller-manager-arg'])).toContain('cloud-provider=external');
            }
            // Only servers receive disable-cloud-controller (the role filter); control-plane machines need it.
            if (roles.includes('control-plane')) {
              expect(config['disable-cloud-controller']).toBe(true);
            }
          }
        });
      });
      expect(readCcmHelmChart(after.spec.rkeConfig.additionalManifest)).not.toBeNull();
      expect(configSources(after.spec.rkeConfig).length).toBe(configSources(obj.spec.rkeConfig).length);
    }), runs);
  }, TIMEOUT_MS);
});

describe('RKE2 clusters in the docs\' out-of-tree form', () => {
  const docsForm = rke2Cluster.filter((o) => o.spec.rkeConfig.additionalManifest.includes('kind: HelmChart'));

  it('(d) are migrated; asked for a newer version they get the version change and the CCM that follows it, nothing else', () => {
    fc.assert(fc.property(docsForm, rke2Options, (obj, o) => {
      const options = optionsFor(obj, { ...o, bump: true }, 'rke2');
      const plan = planMigration(obj, options);
      const undone = plan.steps.filter((s) => s.object && !s.done && !s.optional).map((s) => s.id);

      expect(planMigration(obj).status).toBe('migrated');
      expect(undone).toEqual(['upgrade-kubernetes', 'upgrade-ccm']);
      const upgraded = plan.steps.find((s) => s.id === 'upgrade-ccm')!.object!;
      const chart = readCcmHelmChart(upgraded.spec.rkeConfig.additionalManifest)!;

      expect(chart.values.args).toEqual(readCcmHelmChart(obj.spec.rkeConfig.additionalManifest)!.values.args);
      expect(planMigration(upgraded, options).steps.filter((s) => s.object && !s.done && !s.optional)).toEqual([]);
    }), runs);
  }, TIMEOUT_MS);
});
