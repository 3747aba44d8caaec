'use strict';
// Node `ws` client for EchoSampleProcessTests: connects to argv[2], sends one binary and one text
// message of argv[3] MiB each to an echo server and checks each echo byte for byte. Events go to
// stdout as JSON lines:
//   {"event":"open"}
//   {"event":"echo","type":"binary"|"text","bytes":n,"equal":true|false,"ms":t}   one per message
//   {"event":"done"}                                  both echoed; now waiting for the server's close
//   {"event":"close","code":c,"reason":"..."}         then the process exits with code 0
//   {"event":"error","message":"..."}                 then exit code 1
const WebSocket = require('ws');

const [url, mib] = process.argv.slice(2);
const size = Number(mib) * 1024 * 1024;

function emit(obj) {
  process.stdout.write(JSON.stringify(obj) + '\n');
}

// Deterministic bytes (xorshift32), so a reordered or repeated chunk cannot pass.
function binary(length) {
  const data = Buffer.alloc(length);
  let x = 2463534242;
  for (let i = 0; i < length; i++) {
    x ^= x << 13; x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5; x >>>= 0;
    data[i] = x & 0xff;
  }
  return data;
}

// Text of exactly `length` UTF-8 bytes mixing 1-, 2-, 3- and 4-byte sequences.
function text(length) {
  const pieces = ['a', 'Z', ' ', '\u00e9', '\u0436', '\u20ac', '\u4e2d', '\u{1F600}'];
  const parts = [];
  let bytes = 0;
  let x = 88172645;
  while (bytes < length) {
    x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
    let piece = pieces[x % pieces.length];
    let n = Buffer.byteLength(piece);
    if (bytes + n > length) {
      piece = 'a';
      n = 1;
    }
    parts.push(piece);
    bytes += n;
  }
  return parts.join('');
}

const ws = new WebSocket(url);
let waiting = null;
ws.on('message', (data, isBinary) => {
  const w = waiting;
  waiting = null;
  if (w) w(data, isBinary);
});
ws.on('close', (code, reason) => {
  emit({ event: 'close', code, reason: Buffer.from(reason).toString('utf8') });
  process.exit(0);
});
ws.on('error', (err) => {
  emit({ event: 'error', message: String(err) });
  process.exit(1);
});

function echo(payload, isBinary) {
  return new Promise((resolve) => {
    const started = process.hrtime.bigint();
    waiting = (data, gotBinary) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const expected = isBinary ? payload : Buffer.from(payload, 'utf8');
      emit({ event: 'echo', type: isBinary ? 'binary' : 'text', bytes: data.length, equal: gotBinary === isBinary && expected.equals(data), ms: Math.round(ms) });
      resolve();
    };
    ws.send(payload, { binary: isBinary });
  });
}

ws.on('open', async () => {
  emit({ event: 'open' });
  await echo(binary(size), true);
  await echo(text(size), false);
  emit({ event: 'done' });
});
