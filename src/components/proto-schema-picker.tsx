// The Protobuf schema of this page: load a .proto file, pick the message type. One schema for
// every record and the send forms (the store keeps it for the session, in memory:
// store/payload-slice.ts); this component only shows it and reports what the user loaded.
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useId, useState, type ChangeEvent } from 'react';

import { loadProtoSchema } from '../iothub/decoders/load-decoder.ts';
import type { ProtoSchema } from '../iothub/decoders/protobuf-schema.ts';

import { CompactSelect } from './compact-select.tsx';

export type LoadedProtoProps = { fileName: string; schema: ProtoSchema; type: string };

export type ProtoSchemaPickerProps = {
  proto: LoadedProtoProps | undefined;
  onProtoSchema: (fileName: string, schema: ProtoSchema) => void;
  onProtoType: (type: string) => void;
};

/** A .proto file is text; anything this large is not one (and would stall the parser). */
const MAX_PROTO_BYTES = 1024 * 1024;

export function ProtoSchemaPicker({ proto, onProtoSchema, onProtoType }: ProtoSchemaPickerProps) {
  const [problem, setProblem] = useState<string | undefined>();
  const inputId = useId();
  const load = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = ''; // the same file can be loaded again after an edit
    if (!file) return;
    if (file.size > MAX_PROTO_BYTES) {
      setProblem(`${file.name} is ${file.size} bytes; a .proto file over 1 MiB is refused`);
      return;
    }
    const parsed = await loadProtoSchema(await file.text());
    if (!parsed.ok) {
      setProblem(`${file.name}: ${parsed.error}`);
      return;
    }
    setProblem(undefined);
    onProtoSchema(file.name, parsed.value);
  };
  return (
    <Stack spacing={0.5}>
      <Stack direction="row" spacing={1} useFlexGap sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
        <Button size="small" variant="outlined" component="label" htmlFor={inputId}>
          {proto ? `Schema: ${proto.fileName}` : 'Load .proto file'}
          <input
            id={inputId}
            type="file"
            accept=".proto,text/plain"
            aria-label="Load .proto file"
            hidden
            onChange={(e) => void load(e)}
          />
        </Button>
        {proto && (
          <CompactSelect label="Message type" value={proto.type} onChange={onProtoType}>
            {proto.schema.messageTypes.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </CompactSelect>
        )}
      </Stack>
      {problem && (
        <Typography variant="caption" color="error" role="alert">
          {problem}
        </Typography>
      )}
    </Stack>
  );
}
