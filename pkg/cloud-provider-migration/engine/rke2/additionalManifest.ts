import { Document, Scalar, parseAllDocuments, parseDocument, isMap, isScalar } from 'yaml';
import { MigrationError } from '../errors';
import { kubernetesMinor } from '../cluster/kubernetesVersion';
import { CCM_CHART_NAME, CCM_NAMESPACE, CcmSettings, ccmArgs, ccmImage, ccmNodeSelector, ccmTolerations } from '../ccm/ccmValues';

/**
 * `spec.rkeConfig.additionalManifest` is a multi-document YAML string that users edit too. The engine owns
 * exactly one document, the `helm.cattle.io/v1 HelmChart` `kube-system/aws-cloud-controller-manager`; every
 * other byte of the string is kept as it is.
 */

export interface CcmHelmChartTarget extends CcmSettings {
  repo: string;
  /**
   * Change only part of an existing HelmChart: `args` (the optional cleanup drops one flag, and never also re-pins
   * or downgrades the chart), or `image` (the CCM follows a Kubernetes upgrade: chart version and image, nothing
   * else). A HelmChart that does not exist yet is always written whole.
   */
  only?: 'args' | 'image';
}

type ParsedDocument = ReturnType<typeof parseAllDocuments>[number] & { errors: any[] };

/** `key`: the text for where the YAML is (the manifest, or the valuesContent inside it, whose lines count apart). */
function invalid(where: string, err: { message: string; linePos?: { line: number; col: number }[] }, key?: string): MigrationError {
  const { line, col } = err.linePos?.[0] || { line: 1, col: 1 };

  return new MigrationError('INVALID_MANIFEST', `${ where } is not valid YAML (line ${ line }, column ${ col }: ${ err.message.split('\n')[0] }). Fix it in the cluster's additional manifest before planning.`, { key, params: { line, column: col } });
}

/** Parses every document; throws INVALID_MANIFEST (line/column from the yaml library) on the first error. */
export function parseManifest(text: string | undefined): ParsedDocument[] {
  if (!text || !text.trim()) {
    return [];
  }
  const docs = parseAllDocuments(text) as unknown as ParsedDocument[] | { errors: any[] };

  if (!Array.isArray(docs)) {
    throw invalid('spec.rkeConfig.additionalManifest', docs.errors[0]);
  }
  docs.forEach((doc) => {
    if (doc.errors.length) {
      throw invalid('spec.rkeConfig.additionalManifest', doc.errors[0]);
    }
  });

  return docs;
}

function isCcmHelmChart(doc: ParsedDocument): boolean {
  return isMap(doc.contents) &&
    doc.get('apiVersion') === 'helm.cattle.io/v1' &&
    doc.get('kind') === 'HelmChart' &&
    doc.getIn(['metadata', 'name']) === CCM_CHART_NAME &&
    doc.getIn(['metadata', 'namespace']) === CCM_NAMESPACE;
}

/** True when the values pin a CCM image tag of this Kubernetes minor. */
function imageOfMinor(values: Document, minor: string): boolean {
  const tag = values.getIn(['image', 'tag']);

  return typeof tag === 'string' && kubernetesMinor(tag) === minor;
}

/** The CCM HelmChart of the manifest as plain data (valuesContent parsed into `values`), or null. */
export function readCcmHelmChart(text: string | undefined): { spec: Record<string, any>; values: Record<string, any> } | null {
  const doc = parseManifest(text).find(isCcmHelmChart);

  if (!doc) {
    return null;
  }
  const spec = (doc.toJS() as any)?.spec || {};

  return { spec, values: parseValuesContent(spec.valuesContent).toJS() || {} };
}

function parseValuesContent(content: unknown): Document {
  const doc = parseDocument(typeof content === 'string' ? content : '');

  if (doc.errors.length) {
    throw invalid('The valuesContent of the aws-cloud-controller-manager HelmChart', doc.errors[0], 'errors.invalidCcmValues');
  }

  return doc;
}

/** A toleration as data, for comparing the ones a HelmChart has with the ones the engine needs. */
function sameToleration(a: unknown, b: Record<string, string>): boolean {
  const norm = (t: any) => JSON.stringify(['key', 'operator', 'value', 'effect'].map((k) => (t?.[k] === undefined ? (k === 'operator' ? 'Equal' : '') : String(t[k]))));

  return norm(a) === norm(b);
}

function plainOf(values: Document, key: string): unknown {
  const node = values.get(key, true) as any;

  return node?.toJSON ? node.toJSON() : node;
}

/**
 * Edits the values the engine owns inside valuesContent, keeping the user's other values and comments. The
 * engine owns its nodeSelector keys and its tolerations, not the whole map or list: keys and tolerations an admin
 * added (an extra node label, a custom taint) stay.
 */
function desiredValuesContent(current: unknown, target: CcmHelmChartTarget): string {
  const values = parseValuesContent(current);

  if (!isMap(values.contents)) {
    values.contents = values.createNode({}) as any;
  }
  const existingArgs = plainOf(values, 'args');
  const args = ccmArgs(Array.isArray(existingArgs) ? existingArgs : undefined, target.leaderMigration);
  const image = ccmImage(target);
  const setImage = () => Object.entries(image).forEach(([k, v]) => values.setIn(['image', k], v));

  if (target.only === 'args') {
    values.set('args', values.createNode(args));

    return values.toString().replace(/\n$/, '');
  }
  if (target.only === 'image') {
    setImage();

    return values.toString().replace(/\n$/, '');
  }
  values.set('hostNetworking', true);
  // An image the HelmChart already pins to the right minor is the admin's patch choice: keep it (and its chart).
  if (!imageOfMinor(values, target.release.minor)) {
    setImage();
  }
  Object.entries(ccmNodeSelector(target.distro)).forEach(([k, v]) => values.setIn(['nodeSelector', k], v));
  const tolerations = plainOf(values, 'tolerations');
  const kept = Array.isArray(tolerations) ? tolerations : [];
  const missing = ccmTolerations(target.distro).filter((t) => !kept.some((k) => sameToleration(k, t)));

  if (!Array.isArray(tolerations)) {
    values.set('tolerations', values.createNode(missing));
  } else if (missing.length) {
    missing.forEach((t) => (values.get('tolerations') as any).add(values.createNode(t)));
  }
  values.set('args', values.createNode(args));

  return values.toString().replace(/\n$/, '');
}

function setSpecFields(doc: Document, target: CcmHelmChartTarget): void {
  if (!target.only) {
    doc.setIn(['spec', 'chart'], CCM_CHART_NAME);
    doc.setIn(['spec', 'repo'], target.repo);
    doc.setIn(['spec', 'targetNamespace'], CCM_NAMESPACE);
    doc.setIn(['spec', 'bootstrap'], true);
  }
  const keepPin = !target.only && doc.getIn(['spec', 'version']) !== undefined && imageOfMinor(parseValuesContent(doc.getIn(['spec', 'valuesContent'])), target.release.minor);

  if (target.only !== 'args' && !keepPin) {
    doc.setIn(['spec', 'version'], target.release.chartVersion);
  }
  const content = desiredValuesContent(doc.getIn(['spec', 'valuesContent']), target);
  const node = doc.getIn(['spec', 'valuesContent'], true);

  if (isScalar(node)) {
    if (node.value !== content) {
      node.value = content;
      node.type = Scalar.BLOCK_LITERAL;
    }
  } else {
    const scalar = new Scalar(content);

    scalar.type = Scalar.BLOCK_LITERAL;
    doc.setIn(['spec', 'valuesContent'], scalar);
  }
}

function newCcmHelmChart(target: CcmHelmChartTarget): string {
  const doc = new Document({
    apiVersion: 'helm.cattle.io/v1',
    kind:       'HelmChart',
    metadata:   { name: CCM_CHART_NAME, namespace: CCM_NAMESPACE },
    spec:       {},
  });

  setSpecFields(doc, target);

  return doc.toString();
}

/** Stringifies only the contents node of a parsed document (its own leading comment stays where it is). */
function contentsText(doc: ParsedDocument): string {
  const contents = doc.contents as any;
  const { commentBefore, spaceBefore } = contents;
  const tmp = new Document();

  contents.commentBefore = undefined;
  contents.spaceBefore = undefined;
  tmp.contents = contents;
  const text = tmp.toString();

  contents.commentBefore = commentBefore;
  contents.spaceBefore = spaceBefore;

  return text;
}

/**
 * Returns the manifest with the CCM HelmChart as the target says: the existing document is updated in place
 * (only the fields the engine owns), or a new document is appended after `---`. Unchanged input → same string.
 */
export function upsertCcmHelmChart(text: string | undefined, target: CcmHelmChartTarget): string {
  const source = text || '';
  const docs = parseManifest(source);
  const doc = docs.find(isCcmHelmChart);

  if (!doc) {
    // Nothing to edit the args of: write the whole HelmChart.
    const chart = newCcmHelmChart({ ...target, only: undefined });

    if (!source.trim()) {
      return chart;
    }

    // The appended document ends the way the manifest ended (with or without a final newline).
    return source.endsWith('\n') ? `${ source }---\n${ chart }` : `${ source }\n---\n${ chart.replace(/\n$/, '') }`;
  }
  const before = JSON.stringify(doc.toJS());

  setSpecFields(doc as unknown as Document, target);
  if (JSON.stringify(doc.toJS()) === before) {
    return source;
  }
  const [start, , end] = (doc.contents as any).range as [number, number, number];
  const replaced = contentsText(doc);
  const endsWithNewline = source.slice(start, end).endsWith('\n');

  return source.slice(0, start) + (endsWithNewline ? replaced : replaced.replace(/\n$/, '')) + source.slice(end);
}

/**
 * Returns the manifest without the CCM HelmChart document, every other byte as it is: the document goes with its own
 * `---` marker (a first document without one leaves the next document's marker, which opens it just as well) and any
 * comment above the manifest stays. The reverse of `upsertCcmHelmChart` adding the document: a manifest that ended
 * without a final newline gets the text back without one. No HelmChart → the same string ('' for no manifest).
 */
export function removeCcmHelmChart(text: string | undefined): string {
  const source = text || '';
  const docs = parseManifest(source);
  const doc = docs.find(isCcmHelmChart);

  if (!doc) {
    return source;
  }
  const [start, , end] = doc.range as [number, number, number];
  const before = source.slice(0, start);
  const after = source.slice(end);

  // The last document, appended after a manifest that had no final newline: that manifest gets its end back.
  if (!after && docs.length > 1 && !source.endsWith('\n') && before.endsWith('\n')) {
    return before.slice(0, -1);
  }

  return before + after;
}
