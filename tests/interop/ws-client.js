'use strict';
// Node `ws` client for NodeWsInteropTests: connects to argv[2], runs the script in the JSON file
// argv[3] step by step against an echo server, then prints one JSON result line on stdout.
//
// Script: { "steps": [ step, ... ] } where a step is one of
//   { "op": "send", "type": "text"|"binary", "b64": "..." }        one frame, then wait for the echo
//   { "op": "fragments", "type": "text"|"binary", "parts": ["b64", ...] }  one message, several frames
//   { "op": "ping", "b64": "..." }                                   ping, then wait for a pong
//   { "op": "close", "code": 4001, "reason": "..." }                 close, then wait for `close`
//   { "op": "awaitClose" }                                           wait for the server to close
// After "open" the client prints {"event":"open"} so the test knows it is connected.
// Result: {"ok":true,"received":[{"type","b64"}],"pongs":["b64"],"close":{"code","reason"}}
// (close.code/reason as seen by the `close` event), or {"ok":false,"error":"..."} and exit code 1.
const fs = require('fs');
const WebSocket = require('ws');

const [url, scriptPath] = process.argv.slice(2);
const script = JSON.parse(fs.readFileSync(scriptPath, 'utf8'));
const result = { ok: true, received: [], pongs: [], close: null };
const waiters = { message: [], pong: [], close: [] };
const queued = { message: [], pong: [], close: [] };

function finish(error) {
  if (error) {
    result.ok = false;
    result.error = String(error && error.stack || error);
  }
  process.stdout.write(JSON.stringify(result) + '\n', () => process.exit(error ? 1 : 0));
}

setTimeout(() => finish('timed out (60 s)'), 60000).unref();

function push(kind, value) {
  const waiter = waiters[kind].shift();
  if (waiter) waiter(value); else queued[kind].push(value);
}

function next(kind) {
  if (queued[kind].length) return Promise.resolve(queued[kind].shift());
  return new Promise((resolve) => waiters[kind].push(resolve));
}

const ws = new WebSocket(url);
ws.on('message', (data, isBinary) => {
  const entry = { type: isBinary ? 'binary' : 'text', b64: Buffer.from(data).toString('base64') };
  result.received.push(entry);
  push('message', entry);
});
ws.on('pong', (data) => {
  const b64 = Buffer.from(data).toString('base64');
  result.pongs.push(b64);
  push('pong', b64);
});
ws.on('close', (code, reason) => {
  result.close = { code, reason: Buffer.from(reason).toString('utf8') };
  push('close', result.close);
});
ws.on('error', (err) => finish(err));

ws.on('open', async () => {
  process.stdout.write(JSON.stringify({ event: 'open' }) + '\n');
  try {
    for (const step of script.steps) {
      switch (step.op) {
        case 'send':
          ws.send(Buffer.from(step.b64, 'base64'), { binary: step.type === 'binary', fin: true });
          await next('message');
          break;
        case 'fragments':
          step.parts.forEach((part, i) => {
            const fin = i === step.parts.length - 1;
            ws.send(Buffer.from(part, 'base64'), { binary: step.type === 'binary', fin });
          });
          await next('message');
          break;
        case 'ping':
          ws.ping(Buffer.from(step.b64, 'base64'));
          await next('pong');
          break;
        case 'close':
          ws.close(step.code, step.reason);
          await next('close');
          break;
        case 'awaitClose':
          await next('close');
          break;
        default:
          throw new Error('unknown step ' + step.op);
      }
    }
    finish();
  } catch (err) {
    finish(err);
  }
});
