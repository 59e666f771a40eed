import { StoreEvent } from '../../store';

/** A world controller: reacts to store events by queueing keyed reconciles on the scheduler. */
export interface Controller {
  readonly name: string;
  onEvent(e: StoreEvent): void;
  /** Queue a reconcile of everything this controller owns (after seeding or a reset). */
  resyncAll?(): void;
}
