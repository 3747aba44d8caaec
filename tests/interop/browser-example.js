'use strict';
// The browser example (docs/transport.md, the WebSocketClient section) run by Node's WHATWG
// WebSocket, which is what a browser tab runs: `node --experimental-websocket browser-example.js URL`.
// Prints one line per event; BrowserTwinTests checks that the C# twin prints the same lines.
const url = process.argv[2];
const log = (line) => console.log(line);
setTimeout(() => { log('timed out'); process.exit(1); }, 60000).unref();

// ---- the example ----
const ws = new WebSocket(url);
ws.binaryType = 'arraybuffer';
ws.onopen = () => {
  log('open');
  ws.send('hello');
};
ws.onmessage = (e) => {
  if (typeof e.data === 'string') {
    log('text: ' + e.data);
    if (ws.readyState === WebSocket.OPEN && ws.bufferedAmount === 0) {
      ws.send(new Uint8Array([1, 2, 3]));
    }
  } else {
    log('binary: ' + e.data.byteLength + ' bytes');
    ws.close(1000, 'done');
  }
};
ws.onerror = () => log('error');
ws.onclose = (e) => log('closed ' + e.code + ' ' + e.wasClean);
// ---- end of the example ----
