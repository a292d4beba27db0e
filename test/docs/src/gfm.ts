import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { gfm } from 'micromark-extension-gfm';

export type Root = ReturnType<typeof fromMarkdown>;
// mdast's RootContent is every node type but the root. Named through the parser because
// dependency-cruiser cannot resolve the types-only package 'mdast'.
export type Nodes = Root | Root['children'][number];
export type TableRow = Extract<Nodes, { type: 'tableRow' }>;

/** The document as GitHub renders it (CommonMark and GFM tables), with source positions. */
export function parseGfm(text: string): Root {
  return fromMarkdown(text, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] });
}

/** Every node of the tree, parents before their children. */
export function* nodes(node: Nodes): Generator<Nodes> {
  yield node;
  if ('children' in node) {
    for (const child of node.children) {
      yield* nodes(child);
    }
  }
}

/** The line a node starts on, 1-based. */
export function lineOf(node: Nodes): number {
  return node.position?.start.line ?? 1;
}
