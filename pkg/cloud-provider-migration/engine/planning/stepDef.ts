/** One step as a distro's plan defines it (planning/planSteps.ts turns a list of them into PlanSteps). */
import type { ChartSpec, Message, StepAction, StepId } from '../types';

export interface StepDef {
  id: StepId;
  action: StepAction;
  optional?: boolean;
  description: Message;
  warnings?: Message[];
  /** update-cluster: the edit this step makes (idempotent). */
  apply?: (obj: Record<string, any>) => Record<string, any>;
  /** install-chart: what to install, and the values installed before it (for the diff). */
  chart?: ChartSpec;
  chartBefore?: Record<string, unknown>;
  /**
   * Also done when this holds, given which update steps are done on the input by themselves: a later step
   * undid or superseded this one's change (the switch removes the KCM flag the first step added).
   */
  doneWhen?: (selfDone: (id: StepId) => boolean) => boolean;
  /** verify steps: which check (the command differs). */
  verify?: 'provider-ids' | 'migration-lease';
}

