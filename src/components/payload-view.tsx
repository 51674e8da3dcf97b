// One record's body as the user wants to read it (issue 8, "Payloads as they were meant"): JSON,
// text, hex dump, base64, CBOR, MessagePack or Protobuf. content-type and content-encoding pick
// the first view (decoders/default-view.ts); "View as" switches it (the row keeps the choice in
// the store: store/use-payload-view.ts). Decoders load on first use; a body that is not valid in a view says why.
// Text only: what a device sent is never rendered as HTML.
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { Suspense, useMemo, useState } from 'react';

import { defaultView } from '../iothub/decoders/default-view.ts';
import { FORMAT_NAMES } from '../iothub/decoders/send-formats.ts';
import {
  PAYLOAD_VIEW_KINDS,
  type CodecContext,
  type PayloadView as DecodedView,
  type PayloadViewKind,
} from '../iothub/decoders/types.ts';
import { decodeUtf8Lenient } from '../iothub/decoders/utf8.ts';
import type { Result } from '../iothub/result.ts';

import { CompactSelect } from './compact-select.tsx';
import { Highlight } from './highlight.tsx';
import { lazyChunk } from './lazy-chunk.ts';
import { foldView } from './payload-fold.ts';
import type { ProtoSchemaPickerProps } from './proto-schema-picker.tsx';
import { useCodec } from './use-codec.ts';

// Shown only once a record is viewed as Protobuf: not part of the first screen.
const ProtoSchemaPicker = lazyChunk(() =>
  import('./proto-schema-picker.tsx').then((m) => m.ProtoSchemaPicker),
);

export type PayloadViewProps = ProtoSchemaPickerProps & {
  /** The view the user picked; undefined: the default for its content type. */
  chosen: PayloadViewKind | undefined;
  onChoose: (kind: PayloadViewKind) => void;
  bytes: Uint8Array;
  contentType?: string | undefined;
  contentEncoding?: string | undefined;
  /** Accessible name of the body, e.g. "C2D body". */
  label: string;
};

function invalidNote(view: DecodedView): string | undefined {
  const n = view.invalid?.length ?? 0;
  if (n === 0) return undefined;
  const first = view.invalid?.[0]?.offset ?? 0;
  return `${n} invalid UTF-8 sequence${n === 1 ? '' : 's'} (shown as \uFFFD), the first at byte ${first}`;
}

export function PayloadView(props: PayloadViewProps) {
  const { bytes, contentType, contentEncoding, label, chosen, onChoose, proto } = props;
  const guessed = useMemo(
    () => defaultView(bytes, contentType, contentEncoding),
    [bytes, contentType, contentEncoding],
  );
  const kind = chosen ?? guessed;
  const state = useCodec(kind);
  const context = useMemo<CodecContext>(
    () => (proto ? { protobuf: { schema: proto.schema, type: proto.type } } : {}),
    [proto],
  );
  const decoded = useMemo<Result<DecodedView> | undefined>(() => {
    if (!state) return undefined;
    if ('error' in state) return { ok: false, error: state.error };
    if (bytes.length === 0) return { ok: true, value: { kind, text: '(empty body)' } };
    return state.codec.decode(bytes, context);
  }, [state, bytes, context, kind]);
  const [expanded, setExpanded] = useState(false);
  const text = decoded ? (decoded.ok ? decoded.value.text : decoded.error) : 'Decoding…';
  const folded = useMemo(
    () =>
      decoded?.ok
        ? foldView(kind, text, kind === 'json' ? decodeUtf8Lenient(bytes) : text)
        : undefined,
    [decoded, kind, text, bytes],
  );
  const note = decoded?.ok ? invalidNote(decoded.value) : undefined;
  return (
    <Box data-view={kind}>
      <Stack direction="row" spacing={1} useFlexGap sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
        <Typography variant="caption" color="text.secondary">
          {bytes.length} B
        </Typography>
        <CompactSelect
          label="View as"
          value={kind}
          onChange={(v) => onChoose(v as PayloadViewKind)}
        >
          {PAYLOAD_VIEW_KINDS.map((k) => (
            <option key={k} value={k}>
              {`View as ${FORMAT_NAMES[k]}${k === guessed ? ' (default)' : ''}`}
            </option>
          ))}
        </CompactSelect>
      </Stack>
      {kind === 'protobuf' && (
        <Suspense fallback={null}>
          <ProtoSchemaPicker {...props} />
        </Suspense>
      )}
      <Typography
        component="pre"
        variant="body2"
        aria-label={label}
        data-decoded={decoded ? (decoded.ok ? 'ok' : 'error') : 'loading'}
        color={decoded && !decoded.ok ? 'error' : undefined}
        sx={{ m: 0, fontFamily: 'monospace', whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}
      >
        <Highlight text={expanded || folded === undefined ? text : folded} />
      </Typography>
      {note && (
        <Typography variant="caption" color="warning.main">
          {note}
        </Typography>
      )}
      {folded !== undefined && (
        <Button size="small" onClick={() => setExpanded((e) => !e)} aria-expanded={expanded}>
          {expanded ? 'Collapse' : 'Expand'}
        </Button>
      )}
    </Box>
  );
}
