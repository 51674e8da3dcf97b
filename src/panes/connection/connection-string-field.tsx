// The masked connection string with a reveal toggle and inline parse errors naming the field.
import Button from '@mui/material/Button';
import InputAdornment from '@mui/material/InputAdornment';
import TextField from '@mui/material/TextField';
import { useState } from 'react';

type Props = {
  value: string;
  onChange: (value: string) => void;
  error: string | undefined;
  hint: string | undefined;
  disabled: boolean;
  /** Enter in the field: connect, when the string is valid. */
  onEnter: () => void;
};

export function ConnectionStringField(props: Props) {
  const { value, onChange, error, hint, disabled, onEnter } = props;
  const [revealed, setRevealed] = useState(false);
  return (
    <TextField
      fullWidth
      size="small"
      label="Connection string"
      placeholder="HostName=…;DeviceId=…;SharedAccessKey=…"
      type={revealed ? 'text' : 'password'}
      value={value}
      disabled={disabled}
      onChange={(e) => onChange(e.target.value)}
      onKeyDown={(e) => {
        if (e.key === 'Enter' && !e.nativeEvent.isComposing) {
          e.preventDefault();
          onEnter();
        }
      }}
      error={!!error}
      helperText={error ?? hint ?? ' '}
      autoComplete="off"
      spellCheck={false}
      slotProps={{
        htmlInput: { 'data-lpignore': 'true' },
        input: {
          endAdornment: (
            <InputAdornment position="end">
              <Button
                size="small"
                aria-pressed={revealed}
                onClick={() => setRevealed((r) => !r)}
                sx={{ minWidth: 0 }}
              >
                {revealed ? 'Hide' : 'Reveal'}
              </Button>
            </InputAdornment>
          ),
        },
      }}
    />
  );
}
