'use strict';
// Node's built-in WebSocket (undici's WHATWG WebSocket; Node 20 needs --experimental-websocket)
// for NodeBuiltinWebSocketTests:
//
//   node --experimental-websocket builtin-client.js SPEC.json
//
// SPEC.json: { "url": "ws://...", "sessions": [ session, ... ] } with sessions as in
// whatwg-session.js, run one after the other. Prints one JSON line:
// {"ok":true,"node":"v20…","undici":"6…","sessions":[result, ...]} or {"ok":false,"error":...}; exit 0/1.
const fs = require('fs');
const { runSession } = require('./whatwg-session.js');

async function main() {
  if (typeof WebSocket !== 'function') throw new Error('no global WebSocket: run node with --experimental-websocket');
  const spec = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
  const sessions = [];
  for (const session of spec.sessions) {
    const result = await runSession(spec.url, session);
    sessions.push(result);
    if (!result.ok) break;
  }
  return { ok: sessions.every((s) => s.ok), node: process.version, undici: process.versions.undici, sessions };
}

// Bounded only against hangs; the test kills the process tree as well.
setTimeout(() => finish({ ok: false, error: 'timed out (60 s)' }), 60000).unref();

function finish(result) {
  process.stdout.write(JSON.stringify(result) + '\n', () => process.exit(result.ok ? 0 : 1));
}

main().then(finish, (e) => finish({ ok: false, error: String((e && e.stack) || e) }));
