// protobufjs with long.js wired in. protobufjs looks for long.js with a CommonJS `require` inside
// a try; whether a bundler turns that into the Long class is not guaranteed, and without it
// 64-bit fields silently become doubles (precision lost beyond 2^53). So it is set here
// explicitly, then `configure()` re-wires Reader and Writer, as protobufjs's own `configure`
// does at load (src/index-minimal.js).
import Long from 'long';
import protobuf from 'protobufjs';

protobuf.util.Long = Long as unknown as typeof protobuf.util.Long;
protobuf.configure();

export default protobuf;
