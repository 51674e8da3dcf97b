// How a payload is folded in a list row, so a 64 KB body does not fill the pane (issue 8: "JSON
// pretty, folded when long"). JSON and text fold to one line of the body as sent (the first line
// of pretty JSON is just "{"), cut at 160 characters, and expand to the pretty form; the
// line-oriented views (hex dump, base64, CBOR, MessagePack, Protobuf) fold to their first lines.
// Pure.
import type { PayloadViewKind } from '../iothub/decoders/types.ts';

export const FOLD_LINE_CHARS = 160;
export const FOLD_LINES = 12;
export const FOLD_CHARS = 1200;

/** The first lines, cut at a length; undefined when the whole text is short enough to show. */
export function foldText(text: string, lines = FOLD_LINES, chars = FOLD_CHARS): string | undefined {
  let end = 0;
  for (let i = 0; i < lines; i++) {
    const next = text.indexOf('\n', end);
    if (next < 0) {
      end = text.length;
      break;
    }
    end = next + 1;
  }
  const cut = Math.min(end, chars);
  if (cut >= text.length) return undefined;
  return `${text.slice(0, cut).replace(/\n$/, '')}\n…`;
}

/** One line of `source`, cut at FOLD_LINE_CHARS. */
export function oneLine(source: string): string {
  const line = source.replace(/\s*\n\s*/g, ' ');
  return line.length > FOLD_LINE_CHARS ? `${line.slice(0, FOLD_LINE_CHARS)}…` : line;
}

/**
 * The folded form of a view's text, or undefined when there is nothing more to show unfolded.
 * `source` is the body as UTF-8 text (for JSON, as sent rather than pretty).
 */
export function foldView(kind: PayloadViewKind, text: string, source: string): string | undefined {
  if (kind === 'json' || kind === 'text') {
    const line = oneLine(kind === 'json' ? source : text);
    return line === text ? undefined : line;
  }
  return foldText(text);
}
