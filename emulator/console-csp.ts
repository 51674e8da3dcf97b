// The console's Content-Security-Policy, shared by the build (a <meta> tag, for any static host)
// and the emulator (a response header, which can also forbid framing). Payloads are rendered as
// text, and this is the second line: no inline or foreign script runs even if one slipped in.
// - style-src 'unsafe-inline': Monaco and emotion inject <style> at run time (monaco-editor#271).
// - connect-src ws: wss:: the device connects to whichever hub or gateway its string names
//   (wss://{host}:443/$iothub/websocket), and to the emulator's own ws:// on localhost.
// - connect-src http://localhost:* (and 127.0.0.1; CSP has no IPv6 literals): a standalone gateway
//   (`npm run gateway`, docs/gateway.md) beside a console served from another host; loopback
//   only, as the gateway is.
export const CONSOLE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "worker-src 'self' blob:",
  "connect-src 'self' ws: wss: http://localhost:* http://127.0.0.1:*",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');
