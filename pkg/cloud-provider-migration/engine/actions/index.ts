/** Every step action, each defined once in its own file (see actions/types.ts for what a definition holds). */
import type { StepAction } from '../types';
import type { ActionDefinition } from './types';
import { updateCluster } from './updateCluster';
import { waitCluster } from './waitCluster';
import { installChart } from './installChart';
import { cordon, uncordon } from './cordon';
import { waitRollout } from './waitRollout';
import { verify } from './verify';

export const ACTIONS: Record<StepAction, ActionDefinition> = {
  'update-cluster': updateCluster,
  'wait-cluster':   waitCluster,
  'install-chart':  installChart,
  cordon,
  uncordon,
  'wait-rollout':   waitRollout,
  verify,
};

export function actionOf(action: StepAction): ActionDefinition {
  return ACTIONS[action];
}

export type {
  ActionDefinition, ActionIo, ActionOutcome, CommandInput, JudgeInput, WriteOutcome, WriteResult,
} from './types';
