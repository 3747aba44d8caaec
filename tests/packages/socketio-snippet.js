// The README's Socket.IO snippet, run from the packed packages (tests/packages/SnippetApp socketio),
// talked to by the official socket.io-client (from tests/interop/node_modules), once over the
// default transports (long-polling, then the upgrade to WebSocket) and once over WebSocket only:
//
//   node tests/packages/socketio-snippet.js http://127.0.0.1:PORT
//
// Each client must get the snippet's "news" event with {"hello":"world"}, and its "echo" with an
// acknowledgement must come back with the same argument. Prints one line of JSON, {"ok":true,...}
// or {"ok":false,"step","error"}; exit code 0/1. Every wait is on an event; PATIENCE only bounds a hang.
"use strict";
const path = require("path");
const { io } = require(path.join(__dirname, "..", "interop", "node_modules", "socket.io-client"));

const PATIENCE = 30000;
const [, , url] = process.argv;
if (!url) {
  console.error("usage: node socketio-snippet.js URL");
  process.exit(2);
}

let step = "start";

async function session(transports) {
  const socket = io(url, { transports, reconnection: false, timeout: PATIENCE });
  try {
    step = transports.join("+") + ": news";
    const news = await new Promise((resolve, reject) => {
      socket.once("news", resolve);
      socket.once("connect_error", reject);
    });
    check(JSON.stringify(news) === '{"hello":"world"}', "news was " + JSON.stringify(news));
    step = transports.join("+") + ": echo";
    const back = await socket.timeout(PATIENCE).emitWithAck("echo", { n: 42, text: "héllo" });
    check(JSON.stringify(back) === '{"n":42,"text":"héllo"}', "echo came back as " + JSON.stringify(back));
    return socket.io.engine.transport.name;
  } finally {
    socket.close();
  }
}

function check(condition, message) {
  if (!condition) throw new Error(message);
}

async function main() {
  const first = await session(["polling", "websocket"]);
  const second = await session(["websocket"]);
  return { ok: true, transports: [first, second] };
}

main().then(
  (result) => { console.log(JSON.stringify(result)); process.exit(0); },
  (e) => { console.log(JSON.stringify({ ok: false, step, error: String(e && e.message || e) })); process.exit(1); });
