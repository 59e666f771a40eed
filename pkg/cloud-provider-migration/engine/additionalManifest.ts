import { Document, Scalar, parseAllDocuments, parseDocument, isMap, isScalar } from 'yaml';
import { MigrationError } from './errors';
import { CCM_CHART_NAME, CCM_NAMESPACE, CcmSettings, ccmArgs, ccmImage, ccmNodeSelector, ccmTolerations } from './ccmValues';

/**
 * `spec.rkeConfig.additionalManifest` is a multi-document YAML string that users edit too. The engine owns
 * exactly one document, the `helm.cattle.io/v1 HelmChart` `kube-system/aws-cloud-controller-manager`; every
 * other byte of the string is kept as it is.
 */

export interface CcmHelmChartTarget extends CcmSettings {
  repo: string;
  /**
   * Change only the CCM's `args` (the optional cleanup): a HelmChart someone else wrote keeps its chart version,
   * image and tolerations, so dropping one flag never also re-pins (or downgrades) the chart.
   */
  argsOnly?: boolean;
}

type ParsedDocument = ReturnType<typeof parseAllDocuments>[number] & { errors: any[] };

function invalid(where: string, err: { message: string; linePos?: { line: number; col: number }[] }): MigrationError {
  const { line, col } = err.linePos?.[0] || { line: 1, col: 1 };

  return new MigrationError('INVALID_MANIFEST', `${ where } is not valid YAML (line ${ line }, column ${ col }: ${ err.message.split('\n')[0] }). Fix it in the cluster's additional manifest before planning.`, { params: { line, column: col } });
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
    throw invalid('The valuesContent of the aws-cloud-controller-manager HelmChart', doc.errors[0]);
  }

  return doc;
}

/** Edits the values the engine owns inside valuesContent, keeping the user's other values and comments. */
function desiredValuesContent(current: unknown, target: CcmHelmChartTarget): string {
  const values = parseValuesContent(current);

  if (!isMap(values.contents)) {
    values.contents = values.createNode({}) as any;
  }
  const existingArgs = values.get('args');
  const args = ccmArgs(Array.isArray((existingArgs as any)?.toJSON?.()) ? (existingArgs as any).toJSON() : undefined, target.leaderMigration);

  if (target.argsOnly) {
    values.set('args', values.createNode(args));

    return values.toString().replace(/\n$/, '');
  }
  values.set('hostNetworking', true);
  const image = ccmImage(target);

  Object.entries(image).forEach(([k, v]) => values.setIn(['image', k], v));
  values.set('nodeSelector', values.createNode(ccmNodeSelector(target.distro)));
  values.set('tolerations', values.createNode(ccmTolerations(target.distro)));
  values.set('args', values.createNode(args));

  return values.toString().replace(/\n$/, '');
}

function setSpecFields(doc: Document, target: CcmHelmChartTarget): void {
  if (!target.argsOnly) {
    doc.setIn(['spec', 'chart'], CCM_CHART_NAME);
    doc.setIn(['spec', 'repo'], target.repo);
    doc.setIn(['spec', 'version'], target.release.chartVersion);
    doc.setIn(['spec', 'targetNamespace'], CCM_NAMESPACE);
    doc.setIn(['spec', 'bootstrap'], true);
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
    const chart = newCcmHelmChart({ ...target, argsOnly: false });

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
