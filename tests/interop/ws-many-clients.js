'use strict';
// Node `ws` clients for NodeWsInteropTests: argv[3] clients connect at once to the echo server at
// argv[2]; each sends argv[4] messages one after the other (text and binary, 0 to 70,000 bytes, from
// its own seeded generator, the payload carrying the client and message number) and checks every
// echo byte for byte and in order, then closes with 1000. Prints one JSON line:
//   {"ok":true,"clients":n,"messages":total,"bytes":total,"closes":{"1000":n}}  or  {"ok":false,"error":"..."}
const WebSocket = require('ws');

const [url, clientCount, perClient] = [process.argv[2], Number(process.argv[3]), Number(process.argv[4])];

function finish(result) {
  process.stdout.write(JSON.stringify(result) + '\n', () => process.exit(result.ok ? 0 : 1));
}

setTimeout(() => finish({ ok: false, error: 'timed out (60 s)' }), 60000).unref();

function generator(seed) {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
    return x;
  };
}

function message(next, client, seq) {
  const r = next();
  const length = r % 8 === 0 ? 20000 + (next() % 50000) : r % 8 === 1 ? 0 : next() % 2000;
  const isBinary = (next() & 1) === 1;
  let payload;
  if (isBinary) {
    payload = Buffer.alloc(length);
    for (let i = 0; i < length; i++) payload[i] = next() & 0xff;
    if (length >= 8) {
      payload.writeUInt32BE(client, 0);
      payload.writeUInt32BE(seq, 4);
    }
  } else {
    const alphabet = ['a', 'b', '\u00e9', '\u20ac', '\u{1F600}'];
    const parts = ['c' + client + ' m' + seq + ' '];
    let bytes = Buffer.byteLength(parts[0]);
    while (bytes < length) {
      const piece = alphabet[next() % alphabet.length];
      parts.push(piece);
      bytes += Buffer.byteLength(piece);
    }
    payload = parts.join('');
  }
  return { payload, isBinary };
}

function runClient(client) {
  return new Promise((resolve, reject) => {
    const next = generator(1000 + client);
    const ws = new WebSocket(url);
    let seq = 0;
    let current = null;
    let bytes = 0;
    const sendNext = () => {
      current = message(next, client, seq);
      ws.send(current.payload, { binary: current.isBinary });
    };
    ws.on('open', sendNext);
    ws.on('message', (data, isBinary) => {
      const expected = current.isBinary ? current.payload : Buffer.from(current.payload, 'utf8');
      if (isBinary !== current.isBinary || !expected.equals(data)) {
        reject(new Error('client ' + client + ' message ' + seq + ': echo differs (' + data.length + ' bytes, expected ' + expected.length + ')'));
        ws.terminate();
        return;
      }
      bytes += expected.length;
      seq++;
      if (seq < perClient) sendNext(); else ws.close(1000, 'done ' + client);
    });
    ws.on('close', (code) => resolve({ messages: seq, bytes, code }));
    ws.on('error', reject);
  });
}

Promise.all(Array.from({ length: clientCount }, (_, c) => runClient(c))).then((results) => {
  const closes = {};
  results.forEach((r) => { closes[r.code] = (closes[r.code] || 0) + 1; });
  finish({
    ok: true,
    clients: results.length,
    messages: results.reduce((n, r) => n + r.messages, 0),
    bytes: results.reduce((n, r) => n + r.bytes, 0),
    closes,
  });
}, (err) => finish({ ok: false, error: String(err && err.stack || err) }));
