// Content type and content encoding of a message being composed (IoT Hub system properties
// $.ct and $.ce; iothub-contenttype / iothub-contentencoding on the service side). They follow
// the body format (iothub/decoders/send-formats.ts) until the user types a value, which is then
// kept when the format changes; "Follow the body format" goes back.
import Button from '@mui/material/Button';
import TextField from '@mui/material/TextField';

import {
  effectiveContentEncoding,
  effectiveContentType,
  type ContentChoice,
} from '../iothub/decoders/send-formats.ts';

const FOLLOWS = 'Follows the body format';
const SET = 'Set by you: kept when the format changes';

export type ContentTypeFieldsProps = {
  value: ContentChoice;
  onChange: (patch: Partial<ContentChoice>) => void;
  /** Names the form in the labels ("C2D content type") where another form has the same fields. */
  prefix?: string;
};

export function ContentTypeFields({ value, onChange, prefix }: ContentTypeFieldsProps) {
  const typed = value.contentTypeSet || value.contentEncodingSet;
  return (
    <>
      <TextField
        size="small"
        label={prefix ? `${prefix} content type` : 'Content type'}
        value={effectiveContentType(value)}
        onChange={(e) => onChange({ contentType: e.target.value, contentTypeSet: true })}
        helperText={value.contentTypeSet ? SET : FOLLOWS}
        sx={{ flex: 1 }}
      />
      <TextField
        size="small"
        label={prefix ? `${prefix} content encoding` : 'Content encoding'}
        value={effectiveContentEncoding(value)}
        onChange={(e) => onChange({ contentEncoding: e.target.value, contentEncodingSet: true })}
        helperText={value.contentEncodingSet ? SET : FOLLOWS}
        sx={{ flex: 1 }}
      />
      {typed && (
        <Button
          size="small"
          sx={{ alignSelf: 'flex-start' }}
          onClick={() => onChange({ contentTypeSet: false, contentEncodingSet: false })}
        >
          Follow the body format
        </Button>
      )}
    </>
  );
}
