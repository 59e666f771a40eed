/**
 * Public entry point of the migration engine (pure TypeScript, no Vue, no store, no network).
 * Re-exports the planner, the detector, the CCM release table and the effective-config helpers.
 */
import type { MigrationPlan, PlanOptions } from './types';
import { MigrationError } from './errors';

export * from './types';
export * from './errors';

/** Plans the migration of one cluster object (provisioning Steve/kubectl or Norman). Pure and deterministic. */
export function planMigration(obj: Record<string, any>, options: PlanOptions = {}): MigrationPlan {
  void obj; void options;
  throw new MigrationError('NOT_A_CLUSTER', 'The migration planner is being written; try again shortly.');
}
