// socket.io-client (the version pinned in package.json) against a NanoWs Socket.IO server, for
// tests/NanoWs.SocketIo.Net.Tests (SocketIoClientInteropTests, SocketIoOverWebSocketServerTests). Usage:
//   node socketio-client.js <url> <scenario> <transports|-> <auth token|->
// Prints one line per event ("connected polling", "upgraded websocket", "news {...}", ...) and
// "done" at the end, or "error <message>"; the test waits on these lines, never on time.
"use strict";
const { io } = require("socket.io-client");

const [url, scenario, transports, token] = process.argv.slice(2);
const line = (...parts) => console.log(parts.join(" "));
// Only the reconnect scenario reconnects, quickly and without jitter; its test waits on lines.
const options = scenario === "reconnect"
  ? { reconnection: true, forceNew: true, reconnectionDelay: 50, reconnectionDelayMax: 200, randomizationFactor: 0 }
  : { reconnection: false, forceNew: true };
if (transports && transports !== "-") {
  options.transports = transports.split(",");
}

// Ends the run once the transport is settled (upgraded, when the upgrade is allowed), so the
// reported transport does not depend on how fast the upgrade went; exits once the DISCONNECT
// packet has left (the engine's "drain"), so the server sees it before the connection ends.
function finish(socket) {
  onceUpgraded(socket, () => {
    line("transport", socket.io.engine.transport.name);
    socket.io.engine.once("drain", () => {
      line("done");
      setImmediate(() => process.exit(0));
    });
    socket.disconnect();
  });
}

function onceUpgraded(socket, then) {
  const engine = socket.io.engine;
  const canUpgrade = !options.transports || options.transports.includes("websocket");
  if (engine.transport.name === "websocket" || !canUpgrade) {
    then();
  } else {
    engine.once("upgrade", (t) => {
      line("upgraded", t.name);
      then();
    });
  }
}

const scenarios = {
  // The founding example: news on connection, "my other event" back, then acks both ways and a
  // binary attachment each way, once the transport is settled.
  news(socket) {
    socket.on("news", (data) => {
      line("news", JSON.stringify(data));
      socket.emit("my other event", { my: "data" });
    });
    socket.on("question", (n, ack) => {
      line("question", JSON.stringify(n));
      ack("answer", n + 1);
    });
    socket.on("file", (data) => {
      line("file", Buffer.from(data).toString("hex"));
      onceUpgraded(socket, () => {
        socket.emit("hello", "world", (...args) => {
          line("ack", JSON.stringify(args));
          socket.emit("upload", Buffer.from([1, 2, 3, 255]), (size) => {
            line("uploaded", JSON.stringify(size));
            finish(socket);
          });
        });
      });
    });
  },
  // The server goes away after the first news and comes back: the client reconnects by itself
  // (a new session) and gets the news again.
  reconnect(socket) {
    let count = 0;
    socket.on("news", (data) => {
      count++;
      line("news", count, JSON.stringify(data));
      socket.emit("my other event", { my: "data" });
      if (count === 2) {
        finish(socket);
      }
    });
    socket.io.on("reconnect", (n) => line("reconnected"));
  },
  // A namespace the server does not have.
  unknown(socket) {},
  // Rooms: join, then the server emits to the room.
  rooms(socket) {
    socket.emit("join", "kitchen", () => line("joined"));
    socket.on("temp", (t) => {
      line("temp", JSON.stringify(t));
      finish(socket);
    });
  },
};

const path = scenario === "unknown" ? "/nope" : scenario === "admin" ? "/admin" : "";
const auth = token && token !== "-" ? { token } : undefined;
const socket = io(url + path, Object.assign({ auth }, options));
// The transport the session opened over (the handshake), before any upgrade.
let openedOver = "?";
socket.io.on("open", () => { openedOver = socket.io.engine.transport.name; });
socket.on("connect", () => line("connected", socket.io.engine.transport.name, socket.id, "opened over", openedOver));
socket.on("connect_error", (err) => {
  if (scenario === "reconnect") {
    // The server is away: the client retries by itself.
    line("retrying", JSON.stringify(err.message));
    return;
  }
  line("connect_error", JSON.stringify(err.message));
  socket.close();
  line("done");
  setImmediate(() => process.exit(0));
});
socket.on("disconnect", (reason) => line("disconnect", reason));
if (scenario === "admin") {
  socket.on("welcome", (w) => {
    line("welcome", JSON.stringify(w));
    finish(socket);
  });
} else {
  scenarios[scenario](socket);
}
