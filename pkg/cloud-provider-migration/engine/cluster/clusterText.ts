import { parseDocument } from 'yaml';
import { MigrationError } from '../errors';

/**
 * Parses the text of one cluster object (JSON or a single YAML document) into a plain object.
 * Throws MigrationError MALFORMED_INPUT with the line and column of the first problem, NOT_AN_OBJECT when the text
 * parses but holds a list, a scalar or nothing.
 */
export function parseClusterText(text: string): Record<string, any> {
  const doc = parseDocument(text, { uniqueKeys: false });
  const problem = doc.errors[0];

  if (problem) {
    const { line, col } = problem.linePos?.[0] || { line: 1, col: 1 };

    throw new MigrationError('MALFORMED_INPUT', `The cluster file is not valid JSON or YAML (line ${ line }, column ${ col }: ${ firstLine(problem.message) }). Fix the file and try again.`, { params: { line, column: col } });
  }
  const value = doc.toJS({ maxAliasCount: 100 });

  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new MigrationError('NOT_AN_OBJECT', 'The cluster file must hold one object (a provisioning, management or Norman cluster), not a list or a scalar.', { params: { line: 1, column: 1 } });
  }

  return value;
}

function firstLine(message: string): string {
  return message.split('\n')[0];
}
