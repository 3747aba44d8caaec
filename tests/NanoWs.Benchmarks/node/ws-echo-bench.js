'use strict';
// Node `ws` echo server for the load benchmark (tests/NanoWs.Benchmarks, `load` mode). The same
// ws package as the interop tests (tests/interop, ws 8.23.0 pinned by its package-lock.json), and
// the same behaviour as tests/interop/ws-echo-server.js — every message sent back whole with its
// type — but without that script's per-message JSON event line on stdout, which would measure
// logging instead of ws. Listens on 127.0.0.1, port 0; the first stdout line is the port.
const path = require('path');
const { createRequire } = require('module');
const interop = createRequire(path.resolve(__dirname, '../../interop/package.json'));
const { WebSocketServer } = interop('ws');

const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
wss.on('listening', () => process.stdout.write(wss.address().port + '\n'));
wss.on('connection', (ws) => {
  ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary }));
  ws.on('error', () => {});
});

// The driver kills the process; also stop when stdin closes (the driver went away).
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
