'use strict';
// Node `ws` echo server over TLS (https.createServer) for ClientTlsTests. Usage:
//   node wss-echo-server.js CERT.pem KEY.pem [CLIENT-CA.pem]
// With CLIENT-CA.pem the server asks for a client certificate and refuses a client without one
// signed by that CA. Listens on 127.0.0.1, port 0; the first stdout line is the port. Every
// message is sent back whole, with its type. Events follow as JSON lines:
//   {"event":"connection","sni","client"}  (the SNI name the client sent, or false; the client
//                                           certificate's CN, or null)
//   {"event":"message","type","length"}  {"event":"ping","b64"}  {"event":"close","code","reason"}
//   {"event":"tlsError","message"}        (a TLS handshake the server saw fail)
// Commands, one per stdin line, apply to every open client:
//   close <code> [reason]   start the closing handshake with that code and reason
//   drop                    end the TCP connection without a close frame
const fs = require('fs');
const https = require('https');
const readline = require('readline');
const { WebSocketServer } = require('ws');

function emit(obj) {
  process.stdout.write(JSON.stringify(obj) + '\n');
}

const [cert, key, clientCa] = process.argv.slice(2);
const options = { cert: fs.readFileSync(cert), key: fs.readFileSync(key) };
if (clientCa) {
  options.ca = fs.readFileSync(clientCa);
  options.requestCert = true;
  options.rejectUnauthorized = true;
}

const server = https.createServer(options, (req, res) => {
  res.writeHead(426);
  res.end();
});
server.on('tlsClientError', (err) => emit({ event: 'tlsError', message: String(err) }));
const wss = new WebSocketServer({ server });
wss.on('connection', (ws, req) => {
  const peer = req.socket.getPeerCertificate();
  emit({ event: 'connection', sni: req.socket.servername, client: peer && peer.subject ? peer.subject.CN : null });
  ws.on('message', (data, isBinary) => {
    emit({ event: 'message', type: isBinary ? 'binary' : 'text', length: data.length });
    ws.send(data, { binary: isBinary });
  });
  ws.on('ping', (data) => emit({ event: 'ping', b64: Buffer.from(data).toString('base64') }));
  ws.on('close', (code, reason) => emit({ event: 'close', code, reason: Buffer.from(reason).toString('utf8') }));
  ws.on('error', (err) => emit({ event: 'error', message: String(err) }));
});
server.listen(0, '127.0.0.1', () => process.stdout.write(server.address().port + '\n'));

readline.createInterface({ input: process.stdin }).on('line', (line) => {
  const match = /^(\S+)\s*(\S*)\s*(.*)$/.exec(line.trim());
  if (!match) return;
  const [, command, arg, rest] = match;
  for (const ws of wss.clients) {
    if (command === 'close') ws.close(Number(arg), rest);
    else if (command === 'drop') ws.terminate();
  }
});

// The test kills the process; also stop when stdin closes (the test runner went away).
process.stdin.on('end', () => process.exit(0));
