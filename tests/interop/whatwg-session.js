'use strict';
// One scripted session over a WHATWG `WebSocket` (the browser's, or Node's built-in one), shared by
// tests/e2e/interop.e2e.js (run inside a Chromium page through page.evaluate, so it must stay
// self-contained: no closures, only WebSocket, TextEncoder/TextDecoder, atob/btoa, performance)
// and tests/interop/builtin-client.js (called directly in Node).
//
// runSession(url, session) -> Promise<result>, where session is
//   { "protocols": ["chat", ...], "steps": [ step, ... ] } and a step is one of
//   { "op": "send", "type": "text"|"binary", "b64": "..." }  one message, then wait for its echo
//   { "op": "idle", "ms": 1000 }                             do nothing for a while (keep-alive pings)
//   { "op": "serverClose", "trigger": "..." }                 send the text the server answers with a
//                                                             close, wait for its echo, then `close`
//   { "op": "close", "code": 4001, "reason": "..." }         close from this side, wait for `close`
// result: { ok, protocol, extensions, received: [{ type, b64 }], close: { code, reason, wasClean },
//           closeDelayMs (serverClose: trigger's echo -> close event), error? }
async function runSession(url, session) {
  const PATIENCE = 20000;
  const result = { ok: true, protocol: null, extensions: null, received: [], close: null, closeDelayMs: null };
  const now = () => performance.now();

  function fromB64(b64) {
    const s = atob(b64);
    const bytes = new Uint8Array(s.length);
    for (let i = 0; i < s.length; i++) bytes[i] = s.charCodeAt(i);
    return bytes;
  }

  function toB64(bytes) {
    let s = '';
    for (let i = 0; i < bytes.length; i += 0x8000) {
      s += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
    }
    return btoa(s);
  }

  // Events in arrival order; next(kind) takes the next one of that kind (bounded only against hangs).
  const queued = { message: [], close: [] };
  const waiters = { message: [], close: [] };
  function push(kind, value) {
    const w = waiters[kind].shift();
    if (w) w(value); else queued[kind].push(value);
  }
  function next(kind, what) {
    if (queued[kind].length) return Promise.resolve(queued[kind].shift());
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('timed out waiting for ' + what)), PATIENCE);
      waiters[kind].push((v) => { clearTimeout(timer); resolve(v); });
    });
  }

  let ws;
  try {
    ws = new WebSocket(url, session.protocols || []);
    ws.binaryType = 'arraybuffer';
    ws.onmessage = (e) => {
      const t = now();
      const entry = typeof e.data === 'string'
        ? { type: 'text', b64: toB64(new TextEncoder().encode(e.data)) }
        : { type: 'binary', b64: toB64(new Uint8Array(e.data)) };
      result.received.push(entry);
      push('message', { t, entry });
    };
    ws.onclose = (e) => push('close', { t: now(), code: e.code, reason: e.reason, wasClean: e.wasClean });
    await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('timed out opening ' + url)), PATIENCE);
      ws.onopen = () => { clearTimeout(timer); resolve(); };
      ws.onerror = () => { clearTimeout(timer); reject(new Error('error event while opening ' + url)); };
    });
    ws.onerror = null;
    result.protocol = ws.protocol;
    result.extensions = ws.extensions;

    for (const step of session.steps) {
      switch (step.op) {
        case 'send': {
          const bytes = fromB64(step.b64);
          if (step.type === 'text') {
            ws.send(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
          } else {
            // An ArrayBuffer holding exactly the payload.
            ws.send(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
          }
          await next('message', 'echo of message ' + result.received.length);
          break;
        }
        case 'idle':
          await new Promise((resolve) => setTimeout(resolve, step.ms));
          if (queued.close.length) throw new Error('closed while idle: ' + JSON.stringify(queued.close[0]));
          break;
        case 'serverClose': {
          ws.send(step.trigger);
          const echo = await next('message', 'echo of the close trigger');
          const close = await next('close', 'server close');
          result.closeDelayMs = Math.round((close.t - echo.t) * 100) / 100;
          result.close = { code: close.code, reason: close.reason, wasClean: close.wasClean };
          break;
        }
        case 'close': {
          ws.close(step.code, step.reason);
          const close = await next('close', 'close after ours');
          result.close = { code: close.code, reason: close.reason, wasClean: close.wasClean };
          break;
        }
        default:
          throw new Error('unknown step ' + step.op);
      }
    }
  } catch (err) {
    result.ok = false;
    result.error = String((err && err.stack) || err);
    try { if (ws) ws.close(); } catch (e) { /* already closing */ }
  }

  return result;
}

if (typeof module !== 'undefined') module.exports = { runSession };
