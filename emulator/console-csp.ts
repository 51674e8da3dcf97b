// The console's Content-Security-Policy, shared by the build (a <meta> tag, for any static host)
// and the emulator (a response header, which can also forbid framing). Payloads are rendered as
// text, and this is the second line: no inline or foreign script runs even if one slipped in.
// - style-src 'unsafe-inline': Monaco and emotion inject <style> at run time (monaco-editor#271).
// - connect-src ws: wss:: the device connects to whichever hub or gateway its string names
//   (wss://{host}:443/$iothub/websocket), and to the emulator's own ws:// on localhost.
export const CONSOLE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "worker-src 'self' blob:",
  "connect-src 'self' ws: wss:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');
