// Light/dark themes; the mode follows the system unless the user toggles it.
import { createTheme, type Theme } from '@mui/material/styles';

export function buildTheme(dark: boolean): Theme {
  return createTheme({
    palette: { mode: dark ? 'dark' : 'light', primary: { main: dark ? '#6ab7ff' : '#0a66c2' } },
    shape: { borderRadius: 6 },
  });
}
