// Finds every TSDoc `@example` in a TypeScript source file and turns it into the code of a module,
// by the rule in docs/contributing.md ("Examples in TSDoc"):
//
// - an example runs from its `@example` tag to the next block tag (`@see`, `@throws`, …) or the
//   end of the comment;
// - either it holds exactly one fenced block opened by ```ts (or ```typescript), and nothing else
//   but blank lines, or it holds no fence at all and all of it is code (typedoc renders it so);
// - anything else (prose beside a fence, two fences, a fence in another language, a fence left
//   open, a tag's text on the `@example` line, an empty example) is refused with the reason, so no
//   example goes unchecked.
import ts from 'typescript';

/** One `@example`, as code ready to be written out as a module. */
export interface ExtractedExample {
  /** The 1-based line of the `@example` tag in the source file. */
  line: number;
  /** The example's code, with the comment's ` * ` margins taken off. */
  code: string;
  /** For each line of `code` (0-based), its 1-based line in the source file. */
  sourceLines: number[];
}

/** An `@example` that does not follow the rule, with why. */
export interface RefusedExample {
  line: number;
  reason: string;
}

/** What {@link extractExamples} found in one file. */
export interface Extraction {
  examples: ExtractedExample[];
  refused: RefusedExample[];
}

interface CommentLine {
  /** The line's text without the comment's margin (leading blanks, one `*`, one blank). */
  text: string;
  /** 1-based line in the file. */
  line: number;
}

const FENCE = /^```([^`]*)$/; // CommonMark: an info string holds no backtick
const TS_FENCE = /^(ts|typescript)$/;
const BLOCK_TAG = /^@[a-zA-Z]+/;

/** Every `/** … *\/` comment of the file, found through the parser (so no string or template literal is mistaken for one). */
function docComments(file: ts.SourceFile): ts.CommentRange[] {
  const seen = new Map<number, ts.CommentRange>();
  const text = file.getFullText();
  const visit = (node: ts.Node): void => {
    for (const range of ts.getLeadingCommentRanges(text, node.getFullStart()) ?? []) {
      if (range.kind === ts.SyntaxKind.MultiLineCommentTrivia && text.startsWith('/**', range.pos)) {
        seen.set(range.pos, range);
      }
    }
    for (const child of node.getChildren(file)) visit(child);
  };
  visit(file);
  return [...seen.values()].sort((a, b) => a.pos - b.pos);
}

function commentLines(file: ts.SourceFile, range: ts.CommentRange): CommentLine[] {
  const body = file.text.slice(range.pos + 3, range.end - 2);
  const first = file.getLineAndCharacterOfPosition(range.pos).line + 1;
  return body.split('\n').map((raw, index) => ({
    text: raw.replace(/\r$/, '').replace(/^\s*\* ?/, ''),
    line: first + index,
  }));
}

function fromLines(tagLine: number, lines: CommentLine[]): ExtractedExample | RefusedExample {
  // Blank lines around the example are layout, not code.
  let start = 0;
  let end = lines.length;
  while (start < end && lines[start]!.text.trim() === '') start++;
  while (end > start && lines[end - 1]!.text.trim() === '') end--;
  const body = lines.slice(start, end);
  if (body.length === 0) return { line: tagLine, reason: 'the example is empty' };
  const fences = body.filter((l) => FENCE.test(l.text.trim()));
  if (fences.length === 0) {
    return { line: tagLine, code: body.map((l) => l.text).join('\n'), sourceLines: body.map((l) => l.line) };
  }
  const open = body[0]!;
  const language = FENCE.exec(open.text.trim())?.[1]?.trim() ?? '';
  if (!FENCE.test(open.text.trim())) {
    return {
      line: tagLine,
      reason: `line ${open.line} is prose before the code fence (put it above the @example tag)`,
    };
  }
  if (!TS_FENCE.test(language)) {
    return {
      line: tagLine,
      reason: `line ${open.line} opens a fence in '${language || 'no language'}': an example is TypeScript (\`\`\`ts)`,
    };
  }
  const close = body.findIndex((l, index) => index > 0 && FENCE.test(l.text.trim()));
  if (close === -1) return { line: tagLine, reason: `the fence opened on line ${open.line} is never closed` };
  if (body[close]!.text.trim() !== '```') {
    return { line: tagLine, reason: `line ${body[close]!.line} opens a second fence inside the first` };
  }
  if (close !== body.length - 1) {
    const after = body[close + 1]!;
    return {
      line: tagLine,
      reason: `line ${after.line} follows the closing fence: one fenced block per @example, nothing beside it`,
    };
  }
  const code = body.slice(1, close);
  return { line: tagLine, code: code.map((l) => l.text).join('\n'), sourceLines: code.map((l) => l.line) };
}

/** The `@example`s of one comment. */
function commentExamples(lines: CommentLine[], out: Extraction): void {
  let inFence = false;
  let current: { line: number; lines: CommentLine[] } | undefined;
  const finish = (): void => {
    if (!current) return;
    const result = fromLines(current.line, current.lines);
    if ('reason' in result) out.refused.push(result);
    else out.examples.push(result);
    current = undefined;
  };
  for (const l of lines) {
    const trimmed = l.text.trim();
    if (!inFence && BLOCK_TAG.test(trimmed)) {
      finish();
      if (/^@example(\s|$)/.test(trimmed)) {
        const rest = trimmed.slice('@example'.length);
        current = { line: l.line, lines: [] };
        if (rest.trim() !== '') {
          out.refused.push({
            line: l.line,
            reason: 'text on the @example line: start the example on the next line (no titles)',
          });
          current = undefined;
        }
      }
      continue;
    }
    if (FENCE.test(trimmed)) inFence = !inFence;
    current?.lines.push(l);
  }
  finish();
}

/** Every `@example` of a source file, in order, as code or as a refusal. */
export function extractExamples(fileName: string, text: string): Extraction {
  const file = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const out: Extraction = { examples: [], refused: [] };
  for (const range of docComments(file)) commentExamples(commentLines(file, range), out);
  // A tag the walk above did not reach (a comment where no node starts) is refused, not skipped.
  const found = new Set([...out.examples, ...out.refused].map((e) => e.line));
  text.split('\n').forEach((raw, index) => {
    if (/^\s*\*\s*@example(\s|$)/.test(raw) && !found.has(index + 1)) {
      out.refused.push({
        line: index + 1,
        reason: 'an @example outside a doc comment the parser attaches to code',
      });
    }
  });
  out.examples.sort((a, b) => a.line - b.line);
  out.refused.sort((a, b) => a.line - b.line);
  return out;
}
