'use strict';
// Node `ws` broadcast server for the load benchmark (tests/NanoWs.Benchmarks, `broadcast` mode;
// the workload is described in Load/BroadcastDriver.cs). The ws 8.23.0 package of tests/interop.
// A text message "broadcast M S" from any client sends M text messages of S bytes to every client
// connected then, in lockstep: message i+1 is stamped once every client's bufferedAmount is at most
// 64 KiB (else the server waits for that socket's 'drain'), the same bound as our server's send
// buffer and Kestrel's output pipe. Payload "SEQ STAMP" (10 and 19 digits, STAMP =
// process.hrtime.bigint(), CLOCK_MONOTONIC ns), space-padded to S. One Buffer per message, shared
// by every client (ws does not copy an unmasked payload, so it is never reused).
// Listens on 127.0.0.1, port 0; the first stdout line is the port.
const path = require('path');
const { createRequire } = require('module');
const interop = createRequire(path.resolve(__dirname, '../../interop/package.json'));
const { WebSocketServer, WebSocket } = interop('ws');

const LIMIT = 64 * 1024;
const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
let running = false;

wss.on('listening', () => process.stdout.write(wss.address().port + '\n'));
wss.on('connection', (ws) => {
  ws.on('message', (data, isBinary) => {
    const m = isBinary ? null : /^broadcast (\d+) (\d+)$/.exec(data.toString());
    if (m && !running && Number(m[2]) >= 30) {
      running = true;
      broadcast([...wss.clients], Number(m[1]), Number(m[2])).finally(() => { running = false; });
    }
  });
  ws.on('error', () => {});
});

function payload(seq, size) {
  const b = Buffer.alloc(size, 0x20);
  b.write(String(seq).padStart(10, '0'), 0, 'latin1');
  b.write(process.hrtime.bigint().toString().padStart(19, '0'), 11, 'latin1');
  return b;
}

function drained(ws) {
  return new Promise((resolve) => {
    const socket = ws._socket;
    if (!socket || ws.readyState !== WebSocket.OPEN || ws.bufferedAmount <= LIMIT) {
      resolve();
      return;
    }
    const done = () => { socket.off('drain', done); socket.off('close', done); resolve(); };
    socket.on('drain', done);
    socket.on('close', done);
  });
}

async function broadcast(targets, count, size) {
  for (let i = 0; i < count; i++) {
    const waits = targets.filter((ws) => ws.readyState === WebSocket.OPEN && ws.bufferedAmount > LIMIT);
    if (waits.length > 0) {
      await Promise.all(waits.map(drained));
    }
    const data = payload(i, size);
    for (const ws of targets) {
      if (ws.readyState === WebSocket.OPEN) {
        ws.send(data, { binary: false });
      }
    }
  }
}

// The driver kills the process; also stop when stdin closes (the driver went away).
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
