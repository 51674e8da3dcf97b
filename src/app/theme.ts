// Light/dark themes; the mode follows the system unless the user toggles it.
import { createTheme, type Theme } from '@mui/material/styles';

export function buildTheme(dark: boolean): Theme {
  const primary = dark ? '#6ab7ff' : '#0a66c2';
  return createTheme({
    palette: { mode: dark ? 'dark' : 'light', primary: { main: primary } },
    shape: { borderRadius: 6 },
    components: {
      // MUI marks keyboard focus with a faint ripple only; a solid ring is visible on every
      // background (WCAG 2.4.7). Mouse clicks do not get it (focus-visible only).
      MuiButtonBase: {
        styleOverrides: {
          root: { '&.Mui-focusVisible': { outline: `2px solid ${primary}`, outlineOffset: 2 } },
        },
      },
    },
  });
}
