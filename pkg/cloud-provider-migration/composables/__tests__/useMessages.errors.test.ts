// The tab shows an error as the l10n text of its key: errorMessage() picks key and params, translate() asks the
// shell's i18n/t. With a t() that reads the extension's own l10n files, every new error code and key renders.
import { MigrationError, parseClusterText, planMigration, readCcmHelmChart, renderMessage } from '../../engine';
import { ccmHelmChartText, fixture, l10n, thrown } from '../../engine/__tests__/fixtures';
import { toMigrationError } from '../../api/errors';
import { putProvisioningCluster } from '../../api/steve';
import { errorMessage, translate } from '../useMessages';

/** The shell's `i18n/t` over one l10n file: the key rendered with its params, undefined when there is none. */
function i18nStore(dict: Record<string, any>) {
  return {
    getters: {
      'i18n/t': (fullKey: string, params?: Record<string, string | number>) => {
        const key = fullKey.replace(/^cloudProviderMigration\./, '');
        const text = renderMessage({ key, params }, dict);

        return text === key ? undefined : text;
      }
    }
  };
}

const stores = { 'en-us': i18nStore(l10n('en-us')), 'zh-hans': i18nStore(l10n('zh-hans')) };

function rke1(version: string): Record<string, any> {
  const o = fixture('rke1-norman-in-tree.json');

  o.rancherKubernetesEngineConfig.kubernetesVersion = version;

  return o;
}

const httpError = (status: number) => Object.defineProperty({ message: 'server says no' }, '_status', { value: status, enumerable: false });

const ERRORS: [string, () => unknown][] = [
  ['NOT_AN_OBJECT', () => thrown(() => parseClusterText('- a\n'))],
  ['NOT_A_CLUSTER without apiVersion or kind', () => thrown(() => planMigration({ metadata: {} }))],
  ['INVALID_CLUSTER_VERSION', () => thrown(() => planMigration(rke1('latest'), { targetVersion: 'v1.27.16-rancher1-1' }))],
  ['INVALID_MANIFEST in the CCM values', () => thrown(() => readCcmHelmChart(ccmHelmChartText(['a: [1'])))],
  ['INVALID_OPTION for the chart repository', () => thrown(() => planMigration(fixture('rke2-steve-in-tree.json'), { chartRepo: 'nope' }))],
  ['REQUEST_REJECTED', () => toMigrationError(httpError(422), { method: 'put', url: '/v1/x' })],
  ['API_UNAVAILABLE on a server error', () => toMigrationError(httpError(500), { url: '/v1/x' })],
  ['API_UNAVAILABLE without an answer', () => toMigrationError(new Error('Network Error'), { url: '/v1/x' })],
  ['FORBIDDEN for a login that is no longer valid', () => toMigrationError(httpError(401), { url: '/v1/x' })],
  ['NOT_A_KUBE_OBJECT', () => new MigrationError('NOT_A_KUBE_OBJECT', 'detail', { params: { kind: 'List', file: 'nodes.yaml' } })],
];

describe('the tab text of an error', () => {
  it.each(ERRORS)('%s renders in English and Chinese with its params filled', (_name, make) => {
    const e = make() as MigrationError;
    const msg = errorMessage(e);

    expect(msg).toEqual({ key: e.messageKey, params: e.params });
    Object.values(stores).forEach((store) => {
      const text = translate(store, msg.key, msg.params);

      expect(text).not.toMatch(/^%cloudProviderMigration\./);
      expect(text).not.toMatch(/\{\w+\}/);
    });
  });

  it('is the English text of l10n/en-us.yaml', async () => {
    const e = await putProvisioningCluster({ dispatch: () => Promise.resolve({}) }, { metadata: { namespace: 'fleet-default', name: 'prod' } }).catch((err) => err);
    const msg = errorMessage(e);

    expect(e.code).toBe('INCOMPLETE_OBJECT');
    expect(translate(stores['en-us'], msg.key, msg.params)).toBe('The object cannot be saved safely: it has no metadata.resourceVersion. Reload it and try again.');
  });

  it('falls back to the generic text with the message of an error that is not a MigrationError', () => {
    expect(errorMessage(new TypeError('x is undefined'))).toEqual({ key: 'ui.unexpectedError', params: { message: 'x is undefined' } });
  });
});
