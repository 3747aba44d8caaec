// socket.io-client (the version pinned in package.json) as a dashboard front end of one's own,
// against a ChannelHub shared over Socket.IO (HubSocketIo), for
// tests/NanoWs.SocketIo.Net.Tests/HubOverSocketIoTests. Usage:
//   node socketio-hub.js <url> <transports|->
// Reads commands from stdin, one a line:
//   connect NAME            a new client NAME; prints "NAME connected" once the transport is settled
//   set NAME JSON           NAME emits "set" with the command JSON and an acknowledgement callback
//   send NAME JSON          NAME emits "set" without a callback
//   quit                    disconnects every client and exits
// Prints "NAME hub JSON" for every "hub" event and "NAME ack JSON" for every acknowledgement; the
// test waits on these lines, never on time.
"use strict";
const readline = require("readline");
const { io } = require("socket.io-client");

const [url, transports] = process.argv.slice(2);
const line = (...parts) => console.log(parts.join(" "));
const clients = new Map();

function connect(name) {
  const options = { reconnection: false, forceNew: true };
  if (transports && transports !== "-") {
    options.transports = transports.split(",");
  }

  const socket = io(url, options);
  clients.set(name, socket);
  socket.on("hub", (message) => line(name, "hub", JSON.stringify(message)));
  socket.on("connect_error", (e) => line(name, "error", e.message));
  socket.on("disconnect", (reason) => line(name, "disconnected", reason));
  socket.on("connect", () => {
    // Reported once the transport is settled, so the run does not depend on the upgrade's timing.
    const engine = socket.io.engine;
    const canUpgrade = !options.transports || options.transports.includes("websocket");
    if (engine.transport.name === "websocket" || !canUpgrade) {
      line(name, "connected", engine.transport.name);
    } else {
      engine.once("upgrade", (t) => line(name, "connected", t.name));
    }
  });
}

const input = readline.createInterface({ input: process.stdin });
input.on("line", (text) => {
  const [verb, name, ...rest] = text.split(" ");
  const json = rest.join(" ");
  if (verb === "connect") {
    connect(name);
  } else if (verb === "set") {
    clients.get(name).emit("set", JSON.parse(json), (ack) => line(name, "ack", JSON.stringify(ack)));
  } else if (verb === "send") {
    clients.get(name).emit("set", JSON.parse(json));
  } else if (verb === "quit") {
    for (const socket of clients.values()) {
      socket.disconnect();
    }
    line("done");
    setImmediate(() => process.exit(0));
  }
});
