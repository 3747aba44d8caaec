'use strict';
// Node `ws` echo server for NodeWsInteropTests. Listens on 127.0.0.1, port 0; the first stdout
// line is the port. Every message is sent back whole, with its type. Events follow as JSON lines:
//   {"event":"connection"}  {"event":"message","type","length"}  {"event":"pong","b64"}
//   {"event":"close","code","reason"}   (the code and reason of the client's close frame)
// Commands, one per stdin line, apply to every open client:
//   close <code> [reason]   start the closing handshake with that code and reason
//   ping <base64>           send a ping with that payload
const readline = require('readline');
const { WebSocketServer } = require('ws');

function emit(obj) {
  process.stdout.write(JSON.stringify(obj) + '\n');
}

const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
wss.on('listening', () => process.stdout.write(wss.address().port + '\n'));
wss.on('connection', (ws) => {
  emit({ event: 'connection' });
  ws.on('message', (data, isBinary) => {
    emit({ event: 'message', type: isBinary ? 'binary' : 'text', length: data.length });
    ws.send(data, { binary: isBinary });
  });
  ws.on('pong', (data) => emit({ event: 'pong', b64: Buffer.from(data).toString('base64') }));
  ws.on('close', (code, reason) => emit({ event: 'close', code, reason: Buffer.from(reason).toString('utf8') }));
  ws.on('error', (err) => emit({ event: 'error', message: String(err) }));
});

readline.createInterface({ input: process.stdin }).on('line', (line) => {
  const match = /^(\S+)\s*(\S*)\s*(.*)$/.exec(line.trim());
  if (!match) return;
  const [, command, arg, rest] = match;
  for (const ws of wss.clients) {
    if (command === 'close') ws.close(Number(arg), rest);
    else if (command === 'ping') ws.ping(Buffer.from(arg, 'base64'));
  }
});

// The test kills the process; also stop when stdin closes (the test runner went away).
process.stdin.on('end', () => process.exit(0));
