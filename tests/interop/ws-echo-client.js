'use strict';
// Node `ws` client in echo mode, for the conformance runner's client mode
// (tests/conformance, `client --client-cmd "node tests/interop/ws-echo-client.js {url}"`).
// Connects to the URL offering the subprotocol "chat.v1", sends every message back whole with its
// type, answers pings (ws does), and exits when the connection ends. Events go to stdout.
const WebSocket = require('ws');

const ws = new WebSocket(process.argv[2], ['chat.v1']);
ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary }));
ws.on('error', (err) => process.stdout.write('error: ' + err.message + '\n'));
ws.on('close', (code, reason) => {
  process.stdout.write('closed ' + code + (reason.length ? ' (' + reason.toString() + ')' : '') + '\n');
  process.exit(0);
});
