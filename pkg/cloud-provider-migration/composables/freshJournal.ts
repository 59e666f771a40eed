/**
 * The journal read fresh from the cluster, provided by the tab to the journal download, so that a report downloaded
 * right after a step holds that step even before the page's copy of the cluster has been updated.
 */
import type { InjectionKey } from 'vue';
import type { Journal } from '../engine';

export const FRESH_JOURNAL: InjectionKey<() => Promise<Journal>> = Symbol('cpm-fresh-journal');
