'use strict';
// Node `ws` clients in echo mode for the conformance runner's client mode, all in one process
// (starting node once per case costs about 100 ms of CPU each, for some 400 cases):
//   dotnet NanoWs.Conformance.dll client --client-driver "node tests/conformance/ws-echo-clients.js" --target node-ws-client
// `ws` is loaded from tests/interop (run `npm ci` there) or from the working directory.
//
// stdin, one command a line:   open <id> <url>   connect a client offering the subprotocol "chat.v1"
//                               stop <id>         end that client's TCP connection if still open
// stdout: "ready" once, then   <id> error: <message>   and   <id> closed <code> [(reason)]
// A client sends every message back whole with its type; `ws` answers pings itself.
const path = require('path');
const readline = require('readline');

const WebSocket = require(require.resolve('ws', { paths: [path.join(__dirname, '..', 'interop'), process.cwd()] }));
const clients = new Map();

function say(id, text) {
  process.stdout.write(id + ' ' + text + '\n');
}

function open(id, url) {
  const ws = new WebSocket(url, ['chat.v1']);
  clients.set(id, ws);
  ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary }));
  ws.on('error', (err) => say(id, 'error: ' + err.message));
  ws.on('close', (code, reason) => {
    clients.delete(id);
    say(id, 'closed ' + code + (reason.length ? ' (' + reason.toString() + ')' : ''));
  });
}

readline.createInterface({ input: process.stdin }).on('line', (line) => {
  const [command, id, url] = line.trim().split(/\s+/);
  if (command === 'open' && id && url) open(id, url);
  else if (command === 'stop' && clients.has(id)) clients.get(id).terminate();
});

// The runner closes stdin when it is done (or went away).
process.stdin.on('end', () => process.exit(0));
process.stdout.write('ready\n');
