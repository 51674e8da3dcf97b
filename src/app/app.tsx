// The shell: theme (system dark mode with a toggle), connection bar on top, panes below.
import AppBar from '@mui/material/AppBar';
import Box from '@mui/material/Box';
import CssBaseline from '@mui/material/CssBaseline';
import FormControlLabel from '@mui/material/FormControlLabel';
import { ThemeProvider } from '@mui/material/styles';
import Switch from '@mui/material/Switch';
import Toolbar from '@mui/material/Toolbar';
import Typography from '@mui/material/Typography';
import useMediaQuery from '@mui/material/useMediaQuery';
import { useMemo, useState } from 'react';

import { ConnectionPane } from '../panes/connection/connection-pane.tsx';

import { PaneLayout } from './layout.tsx';
import { buildTheme } from './theme.ts';

export function App() {
  const systemDark = useMediaQuery('(prefers-color-scheme: dark)');
  const [override, setOverride] = useState<boolean | undefined>();
  const dark = override ?? systemDark;
  const theme = useMemo(() => buildTheme(dark), [dark]);
  return (
    <ThemeProvider theme={theme}>
      <CssBaseline />
      <AppBar position="static" color="default" elevation={0}>
        <Toolbar variant="dense" sx={{ gap: 2 }}>
          <Typography variant="h6" component="h1" sx={{ flex: 1 }}>
            IoT Hub device console
          </Typography>
          <FormControlLabel
            control={<Switch checked={dark} onChange={(e) => setOverride(e.target.checked)} />}
            label="Dark mode"
          />
        </Toolbar>
      </AppBar>
      <Box component="main" sx={{ p: 2, display: 'flex', flexDirection: 'column', gap: 2 }}>
        <ConnectionPane />
        <PaneLayout dark={dark} />
      </Box>
    </ThemeProvider>
  );
}
