/** Edges of the live pre-flight: nodes read without a status, conditions other than Ready, and the ECR registries' order. */
import type { NodeLike } from '../types';
import { ecrImagesCheck, nodesReadyChecks } from '../checks/livePreflight';
import { rke2ControlPlane, rke2Worker } from '../checks/__tests__/fixtures';

function withConditions(node: NodeLike, conditions: { type: string; status: string }[]): NodeLike {
  return { ...node, status: { ...node.status, conditions } };
}

describe('nodes Ready, edges', () => {
  it('counts a node read without any status as not Ready', () => {
    const bare: NodeLike = { metadata: { name: 'w-bare' } };

    expect(nodesReadyChecks([rke2ControlPlane('cp-1'), bare], 'rke2', false)).toEqual([
      { id: 'nodes-ready-workers', severity: 'warning', message: { key: 'preflight.nodesReady.workers', params: { nodes: 'w-bare' } } },
    ]);
  });

  it('does not take another condition that is True for Ready', () => {
    const cut = withConditions(rke2Worker('w-1'), [{ type: 'NetworkUnavailable', status: 'True' }, { type: 'Ready', status: 'False' }]);

    expect(nodesReadyChecks([rke2ControlPlane('cp-1'), cut], 'rke2', false)).toEqual([
      { id: 'nodes-ready-workers', severity: 'warning', message: { key: 'preflight.nodesReady.workers', params: { nodes: 'w-1' } } },
    ]);
  });

  it('gives only the blocker when every node that is not Ready is a control-plane node', () => {
    const down = withConditions(rke2ControlPlane('cp-2'), [{ type: 'Ready', status: 'Unknown' }]);

    expect(nodesReadyChecks([rke2ControlPlane('cp-1'), down, rke2Worker('w-1')], 'rke2', false)).toEqual([
      { id: 'nodes-ready-control-plane', severity: 'blocker', message: { key: 'preflight.nodesReady.controlPlane', params: { nodes: 'cp-2' } } },
    ]);
  });
});

describe('images pulled from Amazon ECR, edges', () => {
  it('is not judged from nodes read without a status', () => {
    expect(ecrImagesCheck([{ metadata: { name: 'w-bare' } }])).toEqual([]);
  });

  it('finds no registry on a node Steve counted but returned without a status', () => {
    expect(ecrImagesCheck(undefined, { matching: 1, read: [{ metadata: { name: 'w-bare' } }] })).toEqual([
      { id: 'ecr-images', severity: 'ok', message: { key: 'preflight.ecr.none' } },
    ]);
  });

  it('names the registries in sorted order, whatever order the nodes list them in', () => {
    const images = (...names: string[]) => ({ ...rke2Worker('w-1'), status: { images: names.map((n) => ({ names: [n] })) } });
    const node = images('999988887777.dkr.ecr.us-east-1.amazonaws.com/app:2', '111122223333.dkr.ecr.eu-west-1.amazonaws.com/base:1');

    expect(ecrImagesCheck([node])).toEqual([
      {
        id:       'ecr-images',
        severity: 'warning',
        message:  {
          key:    'preflight.ecr.images',
          params: { registries: '111122223333.dkr.ecr.eu-west-1.amazonaws.com, 999988887777.dkr.ecr.us-east-1.amazonaws.com', count: 1 },
        },
      },
    ]);
  });
});
