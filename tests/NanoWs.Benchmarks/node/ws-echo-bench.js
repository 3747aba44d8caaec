'use strict';
// Node `ws` echo server for the load benchmark (tests/NanoWs.Benchmarks, `load` mode) and the
// wss:// client benchmark (`tls-client` mode). The same ws package as the interop tests
// (tests/interop, ws 8.23.0 pinned by its package-lock.json), and the same behaviour as
// tests/interop/ws-echo-server.js — every message sent back whole with its type — but without that
// script's per-message JSON event line on stdout, which would measure logging instead of ws.
// With CERT.pem KEY.pem arguments it serves over TLS (https.createServer). Listens on 127.0.0.1,
// port 0; the first stdout line is the port.
const fs = require('fs');
const https = require('https');
const path = require('path');
const { createRequire } = require('module');
const interop = createRequire(path.resolve(__dirname, '../../interop/package.json'));
const { WebSocketServer } = interop('ws');

const [cert, key] = process.argv.slice(2);
let wss;
if (cert) {
  const server = https.createServer({ cert: fs.readFileSync(cert), key: fs.readFileSync(key) });
  wss = new WebSocketServer({ server });
  server.listen(0, '127.0.0.1', () => process.stdout.write(server.address().port + '\n'));
} else {
  wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  wss.on('listening', () => process.stdout.write(wss.address().port + '\n'));
}

wss.on('connection', (ws) => {
  ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary }));
  ws.on('error', () => {});
});

// The driver kills the process; also stop when stdin closes (the driver went away).
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
