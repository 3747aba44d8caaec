using System;

namespace NanoWs.Net
{
    /// <summary>
    /// The owner's password (<see cref="WebSocketServerOptions.Password"/>): a login page served by
    /// the device, a session cookie, and every upgrade and page request checked against it before
    /// anything is answered. See docs/security.md.
    /// </summary>
    public sealed partial class WebSocketServer
    {
        /// <summary>Ends the <see cref="Error"/> line of an upgrade refused for want of a login.</summary>
        public const string LoginRequiredReason = ": login required";

        /// <summary>Ends the <see cref="Error"/> line of an upgrade refused for a wrong password.</summary>
        public const string WrongPasswordReason = ": wrong password";

        /// <summary>Ends the <see cref="Error"/> line of an upgrade refused while its address backs off after wrong passwords.</summary>
        public const string BackingOffReason = ": address backing off after wrong passwords";

        /// <summary>Name of the session cookie.</summary>
        internal const string SessionCookie = "nanows_session";

        // RFC 9110 §11.6.1: a 401 names a scheme; "Session" is not one a browser answers with a
        // dialog of its own, so the page's login form is what the user sees.
        private const string SessionChallenge = "WWW-Authenticate: Session realm=\"device\"\r\nCache-Control: no-store\r\n";

        private const string LoginHtml =
            "<!doctype html><html lang=en><meta charset=utf-8><meta name=viewport content=\"width=device-width,initial-scale=1\">"
            + "<title>Log in</title><style>body{font:16px system-ui,sans-serif;margin:0;display:grid;place-items:center;min-height:100vh;background:#f4f5f7}"
            + "form{background:#fff;padding:24px;border-radius:8px;box-shadow:0 1px 4px #0002;display:grid;gap:12px;min-width:260px}"
            + "input,button{font:inherit;padding:8px}#msg{min-height:1.2em;color:#b00020}</style>"
            + "<form id=f><b>This device needs its password</b><input id=pw type=password autocomplete=current-password aria-label=Password required autofocus>"
            + "<button>Log in</button><span id=msg role=status></span></form><script>\n"
            + "\"use strict\";document.getElementById(\"f\").onsubmit=function(e){e.preventDefault();var m=document.getElementById(\"msg\");"
            + "var pw=document.getElementById(\"pw\").value;m.textContent=\"\";"
            + "fetch(\"/login\",{method:\"POST\",credentials:\"same-origin\",headers:{Authorization:\"Basic \"+btoa(unescape(encodeURIComponent(\":\"+pw)))}})"
            + ".then(function(r){if(r.ok){location.replace(\"/\");return;}"
            + "m.textContent=r.status===429?\"Too many attempts: wait \"+(r.headers.get(\"Retry-After\")||\"a few\")+\" s\":\"Wrong password\";})"
            + ".catch(function(){m.textContent=\"The device did not answer\";});};\n</script></html>\n";

        private static readonly byte[] LoginPage = Ascii(LoginHtml);
        private static readonly byte[] OkBody = new byte[0];

        // Allocated in Start when a password is set: the session table, the password's UTF-8
        // bytes, a 128-byte buffer for decoding the login's credentials and a throttle table of its
        // own (MaxThrottledPeers entries): a right password never clears an address's wrong tokens.
        private SessionTable _sessions;
        private CredentialThrottle _loginThrottle;
        private byte[] _passwordUtf8;
        private byte[] _credentials;

        /// <summary>
        /// True when connection <paramref name="connectionId"/> may command: no password is set, it
        /// was opened with a live session, or its request gave the password itself
        /// (<c>Authorization: Basic</c>, as a script does; with
        /// <see cref="WebSocketServerOptions.ViewWithoutLogin"/>, tabs with neither are open for viewing only).
        /// </summary>
        public bool IsAuthenticated(int connectionId)
        {
            if (_sessions == null)
            {
                return true;
            }

            ConnectionSlot slot = SlotOf(connectionId);
            if (slot == null)
            {
                return false;
            }

            long key;
            lock (slot.Sync)
            {
                if (slot.Id != connectionId || !slot.InUse)
                {
                    return false;
                }

                if (slot.PasswordGiven)
                {
                    return true;
                }

                key = slot.SessionKey;
            }

            return key != 0 && _sessions.IsLive(key, _clock());
        }

        private void AllocateLogin()
        {
            if (_options.Password == null)
            {
                return;
            }

            _passwordUtf8 = new byte[Utf8.GetByteCount(_options.Password)];
            Utf8.GetBytes(_options.Password, 0, _options.Password.Length, _passwordUtf8, 0);
            _credentials = new byte[128];
            _loginThrottle = new CredentialThrottle(_options.MaxThrottledPeers, _options.MaxWrongCredentials, _options.CredentialBackoffMs);
            _sessions = new SessionTable(_options.MaxSessions, _options.SessionLifetimeMs, new SystemRandomSource());
        }

        /// <summary>The live session the request's cookie names (remembered on the slot), else false.</summary>
        private bool HasSession(ConnectionSlot slot, HttpHead request)
        {
            int place = _sessions.Find(request.GetCookie(SessionCookie), _clock());
            lock (slot.Sync)
            {
                slot.SessionKey = place < 0 ? 0 : _sessions.KeyOf(place);
            }

            return place >= 0;
        }

        /// <summary>
        /// With a password set, whether an upgrade or a request to a path handler may go on: 0 with
        /// a live session, with the password itself (<c>Authorization: Basic</c>, RFC 7617, checked
        /// and throttled exactly as <c>/login</c>: for scripts and home-automation systems that keep
        /// no cookie), or without either when viewing is open; else the status to refuse it with
        /// (401, or 429 while the address backs off after wrong passwords) and, in
        /// <paramref name="why"/>, the end of its error line. <paramref name="report"/>: a wrong
        /// password raises its own error line, as at <c>/login</c>.
        /// </summary>
        private int LoginStatus(ConnectionSlot slot, HttpHead request, bool report, out string why, out long retryMs)
        {
            why = null;
            retryMs = 0;
            if (_sessions == null || HasSession(slot, request))
            {
                return 0;
            }

            if (BasicCredentials.IsBasic(request.GetHeader("Authorization")))
            {
                int status = CheckPassword(slot, request, report, out retryMs);
                if (status == 0)
                {
                    lock (slot.Sync)
                    {
                        slot.PasswordGiven = true;
                    }
                }
                else
                {
                    why = status == 429 ? BackingOffReason : WrongPasswordReason;
                }

                return status;
            }

            if (_options.ViewWithoutLogin)
            {
                return 0;
            }

            why = LoginRequiredReason;
            return 401;
        }

        /// <summary>
        /// The header lines of a refusal: RFC 9110 §15.5.2, a 401 names its challenge; RFC 6585 §4
        /// and RFC 9110 §10.2.3, a 429 says when to retry (whole seconds) when that is known.
        /// </summary>
        private string RefusalHeaders(int status, long retryMs)
        {
            if (status == 429 && retryMs > 0)
            {
                return "Retry-After: " + ((retryMs + 999) / 1000).ToString() + "\r\nCache-Control: no-store\r\n";
            }

            return status != 401 ? null : (_sessions != null ? SessionChallenge : _challengeHeader);
        }

        /// <summary>
        /// Serves <c>/login</c> and <c>/logout</c>, and answers a page request without a session
        /// with the login page (401). Returns false when the request goes on to the routes.
        /// </summary>
        private bool HandleLogin(ConnectionSlot slot, HttpHead request, bool isGetOrHead, bool isHead)
        {
            if (request.PathEquals("/login"))
            {
                if (request.MethodIs("POST"))
                {
                    Login(slot, request);
                }
                else if (isGetOrHead)
                {
                    SendLoginPage(slot, 200, isHead);
                }
                else
                {
                    Respond(slot, 405, MethodNotAllowedBody, "Allow: GET, HEAD, POST\r\n", false);
                }

                return true;
            }

            if (request.PathEquals("/logout"))
            {
                if (request.MethodIs("POST"))
                {
                    Logout(slot, request);
                }
                else
                {
                    Respond(slot, 405, MethodNotAllowedBody, "Allow: POST\r\n", isHead);
                }

                return true;
            }

            if (isGetOrHead && !_options.ViewWithoutLogin && FindRoute(request) != null && !HasSession(slot, request))
            {
                SendLoginPage(slot, 401, isHead);
                return true;
            }

            return false;
        }

        private void SendLoginPage(ConnectionSlot slot, int status, bool isHead)
        {
            slot.Driver.Respond(status, "text/html; charset=utf-8", LoginPage, status == 401 ? SessionChallenge : "Cache-Control: no-store\r\n", isHead);
        }

        /// <summary>
        /// POST /login: throttled per address (429 with Retry-After while it backs off), the
        /// password compared in constant time, a new session's cookie on success. Neither the
        /// password nor the cookie ever reaches a log line.
        /// </summary>
        private void Login(ConnectionSlot slot, HttpHead request)
        {
            long wait;
            int status = CheckPassword(slot, request, true, out wait);
            if (status == 429)
            {
                Respond(slot, 429, EmptyBody, RefusalHeaders(429, wait), false);
                return;
            }

            if (status != 0)
            {
                Respond(slot, 401, UnauthorizedBody, SessionChallenge, false);
                return;
            }

            long now = _clock();
            int place = _sessions.Create(now);
            string cookie = "Set-Cookie: " + SessionCookie + "=" + _sessions.CookieValue(place) + "; Path=/; HttpOnly; SameSite=Strict" + CookieSecure + "; Max-Age="
                + (_options.SessionLifetimeMs / 1000).ToString() + "\r\nCache-Control: no-store\r\n";
            Respond(slot, 200, EmptyBody, cookie, false);
        }

        /// <summary>
        /// The password of <c>Authorization: Basic</c>, throttled per address and compared in
        /// constant time: 0 when right, 429 while the address backs off (<paramref name="retryMs"/>
        /// until it may try again), 401 when wrong or missing. With <paramref name="report"/>, refusals
        /// are reported through <see cref="Error"/>; neither the password nor the header reaches a log line.
        /// </summary>
        private int CheckPassword(ConnectionSlot slot, HttpHead request, bool report, out long retryMs)
        {
            long now = _clock();
            long peer = slot.PeerKey;
            retryMs = _loginThrottle.RetryAfterMs(peer, now);
            if (retryMs > 0)
            {
                if (report)
                {
                    RaiseError(slot.Id, "login refused: address backing off after wrong passwords");
                }

                return 429;
            }

            int length;
            int offset = BasicCredentials.TryReadPassword(request.GetHeader("Authorization"), _credentials, out length);
            bool ok = offset >= 0 && SecretCompare.Equal(_credentials, offset, length, _passwordUtf8);
            Array.Clear(_credentials, 0, _credentials.Length);
            if (!ok)
            {
                _loginThrottle.Failed(peer, now);
                if (report)
                {
                    RaiseError(slot.Id, "login refused: wrong password");
                }

                return 401;
            }

            _loginThrottle.Succeeded(peer);
            return 0;
        }

        /// <summary>POST /logout: ends the session, clears the cookie and closes the session's WebSockets (1008).</summary>
        private void Logout(ConnectionSlot slot, HttpHead request)
        {
            int place = _sessions.Find(request.GetCookie(SessionCookie), _clock());
            if (place >= 0)
            {
                long key = _sessions.KeyOf(place);
                _sessions.Remove(place);
                for (int i = 0; i < _slots.Length; i++)
                {
                    ConnectionSlot other = _slots[i];
                    int id = 0;
                    lock (other.Sync)
                    {
                        if (other.InUse && other.Opened && other.SessionKey == key)
                        {
                            id = other.Id;
                        }
                    }

                    if (id != 0)
                    {
                        // RFC 6455 §7.4.1: 1008, the session that allowed it has ended.
                        Close(id, CloseStatus.PolicyViolation, "logged out");
                    }
                }
            }

            Respond(slot, 200, EmptyBody, "Set-Cookie: " + SessionCookie + "=; Path=/; HttpOnly; SameSite=Strict" + CookieSecure + "; Max-Age=0\r\nCache-Control: no-store\r\n", false);
        }
    }

    /// <summary>Constant-time comparison of secrets (passwords, session ids).</summary>
    internal static class SecretCompare
    {
        /// <summary>
        /// Compares <paramref name="count"/> bytes at <paramref name="offset"/> with
        /// <paramref name="secret"/> in time that depends only on the secret's length.
        /// </summary>
        internal static bool Equal(byte[] buffer, int offset, int count, byte[] secret)
        {
            int diff = count ^ secret.Length;
            for (int i = 0; i < secret.Length; i++)
            {
                int b = i < count ? buffer[offset + i] : 0;
                diff |= b ^ secret[i];
            }

            return diff == 0;
        }
    }
}
