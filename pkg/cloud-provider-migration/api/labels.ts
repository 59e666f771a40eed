/**
 * The label selectors the tab sends (`key=value[,key=value]`, equality only), applied again to what came back: Steve
 * with the SQL cache ignores `labelSelector` (docs/rancher-behaviour.md#steve-list-parameters), so a list asked for
 * the control-plane nodes or one cluster's snapshots would otherwise hold every node or every snapshot, and a cordon
 * or a snapshot wait would act on objects it was never meant to.
 */

/** The `key=value` pairs of an equality selector; throws on any other form (the api never builds one). */
export function selectorPairs(selector: string): [string, string][] {
  return selector.split(',').map((term) => {
    const at = term.indexOf('=');

    if (at <= 0 || term[at + 1] === '=' || term[at - 1] === '!') {
      throw new Error(`not an equality label selector: ${ selector }`);
    }

    return [term.slice(0, at).trim(), term.slice(at + 1).trim()];
  });
}

/** The objects whose labels carry every pair of `selector`. */
export function withLabels<T extends { metadata?: { labels?: Record<string, string> } }>(items: T[], selector: string): T[] {
  const pairs = selectorPairs(selector);

  return items.filter((item) => pairs.every(([k, v]) => item.metadata?.labels?.[k] === v));
}
