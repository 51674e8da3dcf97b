// One identity in the emulator device picker: a list button with its id and connection state.
import Box from '@mui/material/Box';
import ListItem from '@mui/material/ListItem';
import ListItemButton from '@mui/material/ListItemButton';
import Typography from '@mui/material/Typography';
import { useId } from 'react';

import type { PickerIdentity } from './picker-entries.ts';

type Props = { identity: PickerIdentity; onPick: () => void; nested?: boolean };

export function PickerItem({ identity, onPick, nested = false }: Props) {
  const id = useId();
  const name = identity.moduleId ? `${identity.deviceId}/${identity.moduleId}` : identity.deviceId;
  const dot = identity.disabled ? 'error.main' : identity.connected ? 'warning.main' : 'grey.500';
  return (
    <ListItem disablePadding sx={{ pl: nested ? 3 : 0, mb: 0.5 }}>
      <ListItemButton
        onClick={onPick}
        aria-labelledby={`${id}-name`}
        aria-describedby={`${id}-state`}
        sx={{
          border: 1,
          borderColor: 'divider',
          borderRadius: 1,
          gap: 1.5,
          alignItems: 'center',
          '&:hover': { borderColor: 'primary.main' },
        }}
      >
        <Box
          aria-hidden
          sx={{ width: 10, height: 10, borderRadius: '50%', bgcolor: dot, flex: 'none' }}
        />
        <Box sx={{ flex: 1, minWidth: 0 }}>
          <Typography
            id={`${id}-name`}
            variant="body2"
            sx={{ fontFamily: 'monospace', fontWeight: 500, wordBreak: 'break-all' }}
          >
            {identity.moduleId ? `module ${name}` : name}
          </Typography>
          <Typography
            id={`${id}-state`}
            variant="caption"
            color={identity.connected ? 'warning.main' : 'text.secondary'}
            sx={{ display: 'block' }}
          >
            {identity.state}
          </Typography>
        </Box>
        <Typography variant="button" color="primary" aria-hidden sx={{ flex: 'none' }}>
          Connect
        </Typography>
      </ListItemButton>
    </ListItem>
  );
}
