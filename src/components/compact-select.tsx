// A small native <select> (keyboard and screen readers get the platform control) styled to sit
// in a caption line. Plain HTML rather than MUI's Select/NativeSelect, whose input machinery
// would add kilobytes to the first screen for a control shown on every list row.
import Box from '@mui/material/Box';
import type { ChangeEvent, ReactNode } from 'react';

export type CompactSelectProps = {
  label: string;
  value: string;
  onChange: (value: string) => void;
  children: ReactNode;
  disabled?: boolean;
};

export function CompactSelect({ label, value, onChange, children, disabled }: CompactSelectProps) {
  return (
    <Box
      component="select"
      aria-label={label}
      value={value}
      disabled={disabled}
      onChange={(e: ChangeEvent<HTMLSelectElement>) => onChange(e.target.value)}
      sx={{
        font: 'inherit',
        fontSize: 12,
        color: 'text.primary',
        bgcolor: 'background.paper',
        border: 1,
        borderColor: 'divider',
        borderRadius: 1,
        px: 0.5,
        py: 0.25,
      }}
    >
      {children}
    </Box>
  );
}
