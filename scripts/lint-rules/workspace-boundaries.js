// @ts-check
// A local ESLint rule: nothing imports another workspace's files by a relative path, and nothing
// reaches into a workspace's src/ or test/ through its package name. Workspaces (the root
// package.json "workspaces", plus the root package itself) talk through package names and their
// "exports" maps, which say exactly what each one offers. Proved by workspace-boundaries.test.ts.
import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * @typedef {{ dir: string, name: string }} Workspace
 * @typedef {{ type: string, value?: unknown, range?: [number, number] }} SourceNode
 */

/** @type {Map<string, Workspace[]>} */
const workspacesByRoot = new Map();

/** The workspaces of the repository at `root`, deepest folder first; the root package last. */
function workspacesOf(root) {
  const known = workspacesByRoot.get(root);
  if (known) return known;
  const readName = (/** @type {string} */ dir) => /** @type {{ name: string }} */ (JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'))).name;
  const rootPackage = /** @type {{ workspaces?: string[] }} */ (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')));
  const members = (rootPackage.workspaces ?? []).map((folder) => ({ dir: path.join(root, folder), name: readName(path.join(root, folder)) }));
  members.sort((a, b) => b.dir.length - a.dir.length);
  const all = [...members, { dir: root, name: readName(root) }];
  workspacesByRoot.set(root, all);
  return all;
}

/** The workspace a file belongs to, or null when it is outside the repository. */
function workspaceOf(/** @type {Workspace[]} */ workspaces, /** @type {string} */ file) {
  return workspaces.find((w) => file === w.dir || file.startsWith(`${w.dir}${path.sep}`)) ?? null;
}

/** @type {import('eslint').Rule.RuleModule} */
export const noCrossWorkspaceImport = {
  meta: {
    type: 'problem',
    docs: { description: "Workspaces import each other by package name through the exports map, never by a relative path or into src/ or test/." },
    schema: [{ type: 'object', properties: { root: { type: 'string' } }, additionalProperties: false }],
    messages: {
      relative: "'{{source}}' reaches into {{target}} ({{dir}}/) by a relative path: import it by package name through its exports map.",
      deep: "'{{source}}' reaches into the {{part}}/ of {{target}}: import what its exports map offers (e.g. '{{target}}/<entry>').",
    },
  },
  create(context) {
    const root = /** @type {{ root?: string } | undefined} */ (context.options[0])?.root ?? context.cwd;
    const workspaces = workspacesOf(root);
    const here = workspaceOf(workspaces, context.filename);
    if (!here) return {};

    function check(/** @type {SourceNode | null | undefined} */ node) {
      if (!node || node.type !== 'Literal' || typeof node.value !== 'string') return;
      const source = node.value;
      const deep = /^(@[^/]+\/[^/]+)\/(src|test)(\/|$)/.exec(source);
      if (deep && workspaces.some((w) => w.name === deep[1])) {
        context.report({ node: /** @type {any} */ (node), messageId: 'deep', data: { source, part: deep[2], target: deep[1] } });
        return;
      }
      if (!source.startsWith('./') && !source.startsWith('../')) return;
      const target = workspaceOf(workspaces, path.resolve(path.dirname(context.filename), source));
      if (!target || target === here) return;
      context.report({ node: /** @type {any} */ (node), messageId: 'relative', data: { source, target: target.name, dir: path.relative(root, target.dir) || '.' } });
    }

    return {
      ImportDeclaration: (node) => check(node.source),
      ExportAllDeclaration: (node) => check(node.source),
      ExportNamedDeclaration: (node) => check(node.source),
      ImportExpression: (node) => check(/** @type {SourceNode} */ (node.source)),
      /** `typeof import('...')` in TypeScript. */
      TSImportType: (/** @type {any} */ node) => check(node.argument?.type === 'TSLiteralType' ? node.argument.literal : node.argument),
    };
  },
};

/** The repository's local ESLint plugin: `rms/no-cross-workspace-import`. */
export default { meta: { name: 'rms-workspace-boundaries' }, rules: { 'no-cross-workspace-import': noCrossWorkspaceImport } };
