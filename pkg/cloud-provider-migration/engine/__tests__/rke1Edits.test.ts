/** The RKE1 edits on the Norman object, whole: what each writes, and every other field as it was. */
import {
  rke1FlagValue, rke1RunsInTreeAws, withoutRke1KcmLeaderMigration, withRke1KcmLeaderMigration, withRke1KubernetesVersion, withRke1Switch,
} from '../rke1/rke1Edits';
import { fixture } from './fixtures';

const FLAG = 'enable-leader-migration';

/** The Norman fixture (in-tree aws with settings; AWS gates in kubeApi, kubeController and kubelet), edited. */
function norman(edit: (rkec: Record<string, any>) => void = () => undefined): Record<string, any> {
  const o = fixture('rke1-norman-in-tree.json');

  edit(o.rancherKubernetesEngineConfig);

  return o;
}

/** The fixture's extraArgs with the AWS-only gates taken out (kubeController keeps its other gate). */
function withoutGates(rkec: Record<string, any>): void {
  rkec.services.kubeApi.extraArgs = { 'audit-log-maxage': '30' };
  rkec.services.kubeController.extraArgs = { 'feature-gates': 'RotateKubeletServerCertificate=true', 'terminated-pod-gc-threshold': '500' };
  rkec.services.kubelet.extraArgs = { 'max-pods': '150' };
}

function switched(rkec: Record<string, any>, useInstanceMetadataHostname: boolean): void {
  rkec.cloudProvider = { type: '/v3/schemas/cloudProvider', name: 'external-aws', awsCloudProvider: null, useInstanceMetadataHostname };
}

/** services as a cluster.yml may give them: only etcd and kubelet, the kubelet with the AWS gate. */
function etcdAndKubeletOnly(rkec: Record<string, any>): void {
  rkec.services = { etcd: rkec.services.etcd, kubelet: { extraArgs: { 'feature-gates': 'CSIMigrationAWS=false' } } };
}

describe('withRke1Switch', () => {
  it('external-aws, the in-tree settings sent as null, the AWS gates out, the version kept when none is given', () => {
    expect(withRke1Switch(norman(), { useInstanceMetadataHostname: false })).toEqual(norman((rkec) => {
      switched(rkec, false);
      withoutGates(rkec);
    }));
  });

  it('with the version, the leader-migration flag out of both kube-controller maps and the gates out of every array entry', () => {
    const input = norman((rkec) => {
      rkec.services.kubeController.extraArgs[FLAG] = 'true';
      rkec.services.kubeController.extraArgsArray = { [FLAG]: ['true'], 'node-cidr-mask-size': ['24'] };
      rkec.services.kubeApi.extraArgsArray = { 'feature-gates': ['CSIMigrationAWS=false'] };
      rkec.services.kubelet.extraArgsArray = { 'feature-gates': ['CSIMigrationAWS=false', 'RotateKubeletServerCertificate=true,CSIMigrationAWS=false'], 'node-labels': ['tier=web'] };
      rkec.services.scheduler.extraArgsArray = { 'feature-gates': ['RotateKubeletServerCertificate=true'] };
    });

    expect(withRke1Switch(input, { useInstanceMetadataHostname: true, kubernetesVersion: 'v1.27.16-rancher1-1' })).toEqual(norman((rkec) => {
      switched(rkec, true);
      withoutGates(rkec);
      rkec.kubernetesVersion = 'v1.27.16-rancher1-1';
      rkec.services.kubeController.extraArgsArray = { 'node-cidr-mask-size': ['24'] };
      rkec.services.kubeApi.extraArgsArray = {};
      rkec.services.kubelet.extraArgsArray = { 'feature-gates': ['RotateKubeletServerCertificate=true'], 'node-labels': ['tier=web'] };
      rkec.services.scheduler.extraArgsArray = { 'feature-gates': ['RotateKubeletServerCertificate=true'] };
    }));
  });

  it('a provider set by name alone gets no awsCloudProvider key; settings already null stay null', () => {
    const byName = norman((rkec) => {
      rkec.cloudProvider = { type: '/v3/schemas/cloudProvider', name: 'aws' };
    });
    const nulled = norman((rkec) => switched(rkec, false));

    expect([withRke1Switch(byName, { useInstanceMetadataHostname: true }), withRke1Switch(nulled, { useInstanceMetadataHostname: true })]).toEqual([
      norman((rkec) => {
        rkec.cloudProvider = { type: '/v3/schemas/cloudProvider', name: 'external-aws', useInstanceMetadataHostname: true };
        withoutGates(rkec);
      }),
      norman((rkec) => {
        switched(rkec, true);
        withoutGates(rkec);
      }),
    ]);
  });

  it('services left out, or only some of them, are not made up', () => {
    expect([
      withRke1Switch(norman((rkec) => delete rkec.services), { useInstanceMetadataHostname: true }),
      withRke1Switch(norman(etcdAndKubeletOnly), { useInstanceMetadataHostname: true }),
    ]).toEqual([
      norman((rkec) => {
        delete rkec.services;
        switched(rkec, true);
      }),
      norman((rkec) => {
        etcdAndKubeletOnly(rkec);
        rkec.services.kubelet.extraArgs = {};
        switched(rkec, true);
      }),
    ]);
  });

  it('keeps an array entry that is not a string as it is', () => {
    const input = norman((rkec) => {
      rkec.services.kubelet.extraArgsArray = { 'feature-gates': ['CSIMigrationAWS=false', 110] };
    });

    expect(withRke1Switch(input, { useInstanceMetadataHostname: true })).toEqual(norman((rkec) => {
      switched(rkec, true);
      withoutGates(rkec);
      rkec.services.kubelet.extraArgsArray = { 'feature-gates': [110] };
    }));
  });
});

describe('withRke1KubernetesVersion', () => {
  it('the version and the AWS gates, nothing else', () => {
    expect(withRke1KubernetesVersion(norman(), 'v1.27.16-rancher1-1')).toEqual(norman((rkec) => {
      withoutGates(rkec);
      rkec.kubernetesVersion = 'v1.27.16-rancher1-1';
    }));
  });

  it('services left out, or only some of them: the version and the gates there are', () => {
    expect([
      withRke1KubernetesVersion(norman((rkec) => delete rkec.services), 'v1.27.16-rancher1-1'),
      withRke1KubernetesVersion(norman(etcdAndKubeletOnly), 'v1.27.16-rancher1-1'),
    ]).toEqual([
      norman((rkec) => {
        delete rkec.services;
        rkec.kubernetesVersion = 'v1.27.16-rancher1-1';
      }),
      norman((rkec) => {
        etcdAndKubeletOnly(rkec);
        rkec.services.kubelet.extraArgs = {};
        rkec.kubernetesVersion = 'v1.27.16-rancher1-1';
      }),
    ]);
  });
});

describe('the kube-controller leader-migration flag and its rollback', () => {
  it('a cluster without services gets just the flag, and its rollback leaves it as it was', () => {
    const input = norman((rkec) => delete rkec.services);
    const flagged = withRke1KcmLeaderMigration(input);

    expect([flagged, withoutRke1KcmLeaderMigration(input)]).toEqual([
      norman((rkec) => {
        rkec.services = { kubeController: { extraArgs: { [FLAG]: 'true' } } };
      }),
      input,
    ]);
    expect(withoutRke1KcmLeaderMigration(flagged)).toEqual(norman((rkec) => {
      rkec.services = { kubeController: { extraArgs: {} } };
    }));
  });

  it('the rollback takes the flag out of both maps, the other keys as they were', () => {
    const input = norman((rkec) => {
      rkec.services.kubeController.extraArgs[FLAG] = 'true';
      rkec.services.kubeController.extraArgsArray = { [FLAG]: ['true'], 'node-cidr-mask-size': ['24'] };
    });

    expect(withoutRke1KcmLeaderMigration(input)).toEqual(norman((rkec) => {
      rkec.services.kubeController.extraArgsArray = { 'node-cidr-mask-size': ['24'] };
    }));
  });

  it('services without kube-controller: the flag goes into a new entry, the rollback finds nothing to take out', () => {
    const input = norman(etcdAndKubeletOnly);

    expect([withRke1KcmLeaderMigration(input), withoutRke1KcmLeaderMigration(input)]).toEqual([
      norman((rkec) => {
        etcdAndKubeletOnly(rkec);
        rkec.services.kubeController = { extraArgs: { [FLAG]: 'true' } };
      }),
      input,
    ]);
  });
});

describe('an object without rancherKubernetesEngineConfig (an RKE1 cluster\'s provisioning object)', () => {
  it('every edit returns a copy of it, unchanged', () => {
    const input = fixture('rke1-provisioning-object.json');
    const edited = [
      withRke1Switch(input, { useInstanceMetadataHostname: true, kubernetesVersion: 'v1.27.16-rancher1-1' }),
      withRke1KubernetesVersion(input, 'v1.27.16-rancher1-1'),
      withRke1KcmLeaderMigration(input),
      withoutRke1KcmLeaderMigration(input),
    ];

    expect(edited).toEqual([input, input, input, input]);
    expect(edited.filter((o) => o === input)).toEqual([]);
  });
});

describe('rke1FlagValue', () => {
  it.each<[string, Record<string, any> | undefined, string | undefined]>([
    ['no service', undefined, undefined],
    ['neither map', { type: '/v3/schemas/kubeControllerService' }, undefined],
    ['extraArgs', { extraArgs: { [FLAG]: 'true' } }, 'true'],
    ['extraArgs null (as Norman sends a cleared value)', { extraArgs: { [FLAG]: null } }, undefined],
    ['a number in extraArgs', { extraArgs: { [FLAG]: 1 } }, '1'],
    ['the last extraArgsArray entry, over extraArgs', { extraArgs: { [FLAG]: 'true' }, extraArgsArray: { [FLAG]: ['true', 'false'] } }, 'false'],
    ['an empty extraArgsArray entry leaves extraArgs', { extraArgs: { [FLAG]: 'false' }, extraArgsArray: { [FLAG]: [] } }, 'false'],
  ])('%s', (_name, service, value) => {
    expect(rke1FlagValue(service, FLAG)).toBe(value);
  });
});

describe('rke1RunsInTreeAws', () => {
  it.each<[string, Record<string, any> | undefined, boolean]>([
    ['no cloudProvider', undefined, false],
    ['name aws', { name: 'aws' }, true],
    ['awsCloudProvider set under another name (half switched)', { name: 'external-aws', awsCloudProvider: { global: { vpc: 'vpc-0a1b2c3d' } } }, true],
    ['awsCloudProvider set empty', { name: 'external-aws', awsCloudProvider: {} }, true],
    ['switched: awsCloudProvider null', { name: 'external-aws', awsCloudProvider: null, useInstanceMetadataHostname: true }, false],
    ['switched: awsCloudProvider left out', { name: 'external-aws' }, false],
  ])('%s', (_name, cloudProvider, inTree) => {
    expect(rke1RunsInTreeAws(cloudProvider)).toBe(inTree);
  });
});
