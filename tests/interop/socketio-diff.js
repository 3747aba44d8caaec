// A differential run: one scripted Engine.IO / Socket.IO session, byte for byte, against the
// reference server (socket.io, the version pinned in package.json, started here on loopback with
// the same application as the device's) and against a NanoWs device at URL:
//
//   node socketio-diff.js URL
//
// The script speaks the protocol itself (HTTP long-polling with Node's http, then the WebSocket
// upgrade with ws), so every packet each server sends is recorded as it came: statuses, bodies,
// polling payloads split into packets, WebSocket messages (binary ones as hex). Session and socket
// ids are replaced by <id>. Prints one JSON line {"ok":true,"reference":[...],"ours":[...]}
// or {"ok":false,"error":...}. Run by tests/NanoWs.SocketIo.Net.Tests/SocketIoDifferentialTests.cs,
// which compares the two transcripts. Every step waits for an answer, never for time.
"use strict";
const http = require("http");
const WebSocket = require("ws");
const { Server } = require("socket.io");

const ourUrl = process.argv[2];
const PATIENCE = 20000;

// The device's application (tests/NanoWs.SocketIo.Net.Tests/SocketIoClientInteropTests.cs, DeviceApp).
function referenceApp(io) {
  io.on("connection", (socket) => {
    socket.emit("news", { hello: "world" });
    socket.on("my other event", () => {
      socket.emit("question", 41, () => socket.emit("file", Buffer.from([1, 2, 3, 255])));
    });
    socket.on("hello", (x, ack) => ack("got it", x));
    socket.on("upload", (data, ack) => ack(data.length));
    socket.on("join", (room, ack) => {
      socket.join("kitchen");
      ack();
      io.to("kitchen").emit("temp", 21.5);
    });
  });
  const admin = io.of("/admin");
  admin.use((socket, next) => (socket.handshake.auth && socket.handshake.auth.token === "secret" ? next() : next(new Error("not authorized"))));
  admin.on("connection", (s) => s.emit("welcome", { admin: true }));
}

function request(base, method, query, body) {
  return new Promise((resolve, reject) => {
    const url = new URL(base + "/socket.io/?" + query);
    const req = http.request(url, { method, agent: false, headers: body === undefined ? {} : { "Content-Type": "text/plain;charset=UTF-8" } }, (res) => {
      const chunks = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode, type: res.headers["content-type"] || "", body: Buffer.concat(chunks).toString("utf8") }));
    });
    req.setTimeout(PATIENCE, () => req.destroy(new Error("timeout " + method + " " + query)));
    req.on("error", reject);
    req.end(body);
  });
}

function normalise(text) {
  return text.replace(/"sid":"[^"]+"/g, '"sid":"<id>"');
}

let current = null;
async function session(base) {
  const t = [];
  current = { base, transcript: t };
  const rec = (kind, text) => {
    t.push(kind + " " + normalise(text));
    if (process.env.DIFF_TRACE) console.error(base, t[t.length - 1]);
  };
  const poll = async (sid) => {
    const r = await request(base, "GET", "EIO=4&transport=polling&sid=" + sid);
    if (r.status !== 200) {
      rec("get", r.status + " " + r.type + " " + r.body);
      return [];
    }
    const packets = r.body.split("\x1e");
    packets.forEach((p) => rec("get", p));
    return packets;
  };
  // Polls until `count` more packets came (batching may differ between servers; packets may not).
  const packets = async (sid, count) => {
    let got = 0;
    while (got < count) {
      got += (await poll(sid)).length;
    }
  };
  const post = async (sid, body) => {
    const r = await request(base, "POST", "EIO=4&transport=polling&sid=" + sid, body);
    rec("post", r.status + " " + r.type + " " + r.body);
  };

  // Bad requests first.
  let r = await request(base, "GET", "EIO=4&transport=polling&sid=AAAAAAAAAAAAAAAAAAAA");
  rec("get", r.status + " " + r.type + " " + r.body);
  r = await request(base, "GET", "EIO=4&transport=carrier-pigeon");
  rec("get", r.status + " " + r.type + " " + r.body);
  r = await request(base, "GET", "EIO=3&transport=polling");
  rec("get", r.status + " " + r.type + " " + r.body);
  r = await request(base, "POST", "EIO=4&transport=polling", "40");
  rec("post", r.status + " " + r.type + " " + r.body);

  // Handshake, CONNECT, the founding example and acks both ways over long-polling.
  r = await request(base, "GET", "EIO=4&transport=polling");
  rec("handshake", r.status + " " + r.type + " " + r.body);
  const sid = JSON.parse(r.body.substring(1)).sid;
  rec("sid", "length " + sid.length + (/^[A-Za-z0-9_-]+$/.test(sid) ? " base64url" : " other"));
  await post(sid, "40");
  await packets(sid, 2);
  await post(sid, '42["my other event",{"my":"data"}]');
  await packets(sid, 1);
  await post(sid, '430["answer",42]');
  await packets(sid, 2);
  await post(sid, '421["hello","world"]');
  await packets(sid, 1);

  // Namespaces: accepted, left, refused by the middleware, unknown.
  await post(sid, '40/admin,{"token":"secret"}');
  await packets(sid, 2);
  await post(sid, "41/admin,");
  await post(sid, '40/admin,{"token":"wrong"}');
  await packets(sid, 1);
  await post(sid, "40/nope,");
  await packets(sid, 1);

  // The upgrade: probe while a GET is held; the GET gets the noop; then "5".
  const ws = new WebSocket(base.replace("http", "ws") + "/socket.io/?EIO=4&transport=websocket&sid=" + sid);
  const messages = [];
  let wake = null;
  ws.on("message", (data, isBinary) => {
    messages.push(isBinary ? "binary " + Buffer.from(data).toString("hex") : "text " + data.toString());
    if (wake) wake();
  });
  const next = () => new Promise((resolve) => {
    const take = () => {
      wake = null;
      const m = messages.shift();
      rec("ws", m);
      resolve(m);
    };
    if (messages.length > 0) take();
    else wake = take;
  });
  await new Promise((resolve, reject) => { ws.once("open", resolve); ws.once("error", reject); });
  const held = poll(sid);
  ws.send("2probe");
  await next();
  await held;
  ws.send("5");

  // Over the WebSocket: an ack, a binary upload with an ack, a room.
  ws.send('422["hello","ws"]');
  await next();
  ws.send('451-2["upload",{"_placeholder":true,"num":0}]');
  ws.send(Buffer.from([1, 2, 3, 255]));
  await next();
  ws.send('423["join","kitchen"]');
  await next();
  await next();

  // Polling to the upgraded session.
  r = await request(base, "POST", "EIO=4&transport=polling&sid=" + sid, '42["hello","x"]');
  rec("post", r.status + " " + r.type + " " + r.body);
  r = await request(base, "GET", "EIO=4&transport=polling&sid=" + sid);
  rec("get", r.status + " " + r.type + " " + r.body);

  // The client leaves as socket.io-client does over WebSocket: it closes the WebSocket.
  const closed = new Promise((resolve) => ws.once("close", resolve));
  ws.close();
  await closed;
  return t;
}

async function main() {
  const server = http.createServer();
  const io = new Server(server, { serveClient: false, pingInterval: 25000, pingTimeout: 20000, maxHttpBufferSize: 2048 });
  referenceApp(io);
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  try {
    const reference = await session("http://127.0.0.1:" + server.address().port);
    const ours = await session(ourUrl);
    return { reference, ours };
  } finally {
    io.close();
    server.close();
  }
}

main().then(
  (r) => process.stdout.write(JSON.stringify(Object.assign({ ok: true }, r)) + "\n", () => process.exit(0)),
  (e) => process.stdout.write(JSON.stringify({ ok: false, error: String(e && e.stack || e), at: current }) + "\n", () => process.exit(1)),
);
