using System;

namespace NanoWs.Net
{
    /// <summary>
    /// Decides whether a browser request may act on the server, from its <c>Origin</c> header:
    /// same origin as the <c>Host</c> it was sent to, or listed in
    /// <see cref="WebSocketServerOptions.AllowedOrigins"/>. A request without an Origin (a device,
    /// a script, a top-level navigation) is let through: browsers always send Origin on a WebSocket
    /// upgrade (RFC 6455 §4.1 item 8, §10.2) and on a cross-origin POST, which is what this guards.
    /// </summary>
    /// <remarks>
    /// Origins are compared as RFC 6454 §5 tuples (scheme, host, port) after parsing the §6.2
    /// serialisation <c>scheme "://" host [ ":" port ]</c>: scheme and host without regard to ASCII
    /// case (RFC 6454 §4 lowercases both), a missing port as the scheme's default (80 for http
    /// and ws, 443 for https and wss). Anything else — <c>null</c> (an opaque origin), a path,
    /// userinfo, an empty host, a port above 65535, two Origin headers — is no match. The server
    /// speaks HTTP, so its own origin is <c>http://</c> + the Host header (RFC 9110 §7.2,
    /// default port 80), or over TLS <c>https://</c> + the Host header (default port 443). Allocates only the header string it reads, once per request.
    /// </remarks>
    internal static class OriginPolicy
    {
        /// <summary>
        /// True when the request may proceed: it has no Origin header, or its one Origin is the
        /// server's own (when <paramref name="sameOrigin"/>) or one of <paramref name="allowed"/>.
        /// With <paramref name="sameOrigin"/> false and no list, everything passes.
        /// </summary>
        internal static bool Allows(HttpHead request, bool sameOrigin, string[] allowed)
        {
            return Allows(request, sameOrigin, allowed, SchemeHttp);
        }

        /// <summary>
        /// As <see cref="Allows(HttpHead, bool, string[])"/> for a server whose own scheme is
        /// <paramref name="ownScheme"/>: <see cref="SchemeHttps"/> when it serves over TLS, so its
        /// own origin is <c>https://</c> + the Host header (default port 443).
        /// </summary>
        internal static bool Allows(HttpHead request, bool sameOrigin, string[] allowed, int ownScheme)
        {
            int count = request.CountHeader("Origin");
            if (count == 0 || (!sameOrigin && allowed == null))
            {
                return true;
            }

            if (count > 1)
            {
                // RFC 6454 §7.3: a user agent sends at most one Origin header.
                return false;
            }

            string origin = request.GetHeader("Origin");
            int scheme;
            int hostStart;
            int hostLength;
            int port;
            if (!TryParseOrigin(origin, out scheme, out hostStart, out hostLength, out port))
            {
                return false;
            }

            if (sameOrigin && scheme == ownScheme && request.CountHeader("Host") == 1)
            {
                // RFC 6455 §10.2: the server's own origin is the one its page was served from.
                string host = request.GetHeader("Host");
                int ownStart;
                int ownLength;
                int ownPort;
                if (TryParseHost(host, ownScheme == SchemeHttps ? 443 : 80, out ownStart, out ownLength, out ownPort)
                    && ownPort == port && SameHost(origin, hostStart, hostLength, host, ownStart, ownLength))
                {
                    return true;
                }
            }

            for (int i = 0; allowed != null && i < allowed.Length; i++)
            {
                string entry = allowed[i];
                int s;
                int hs;
                int hl;
                int p;
                if (entry != null && TryParseOrigin(entry, out s, out hs, out hl, out p)
                    && s == scheme && p == port && SameHost(origin, hostStart, hostLength, entry, hs, hl))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Scheme code of http and ws (port 80).</summary>
        internal const int SchemeHttp = 1;

        /// <summary>Scheme code of https and wss (port 443).</summary>
        internal const int SchemeHttps = 2;

        /// <summary>
        /// Parses an RFC 6454 §6.2 origin serialisation. <paramref name="scheme"/> is
        /// <see cref="SchemeHttp"/> or <see cref="SchemeHttps"/> (ws and wss count as those: the
        /// same default ports, RFC 6455 §3); other schemes, <c>null</c> and malformed text fail.
        /// </summary>
        internal static bool TryParseOrigin(string text, out int scheme, out int hostStart, out int hostLength, out int port)
        {
            scheme = 0;
            hostStart = 0;
            hostLength = 0;
            port = 0;
            if (text == null)
            {
                return false;
            }

            int colon = text.IndexOf("://");
            if (colon <= 0)
            {
                return false;
            }

            if (AsciiEqualsIgnoreCase(text, 0, colon, "http") || AsciiEqualsIgnoreCase(text, 0, colon, "ws"))
            {
                scheme = SchemeHttp;
            }
            else if (AsciiEqualsIgnoreCase(text, 0, colon, "https") || AsciiEqualsIgnoreCase(text, 0, colon, "wss"))
            {
                scheme = SchemeHttps;
            }
            else
            {
                return false;
            }

            int authority = colon + 3;
            if (!TryParseAuthority(text, authority, text.Length, out hostStart, out hostLength, out port))
            {
                return false;
            }

            if (port < 0)
            {
                port = scheme == SchemeHttps ? 443 : 80;
            }

            return true;
        }

        /// <summary>
        /// Parses a Host header value, <c>host [ ":" port ]</c> (RFC 9110 §7.2); the port defaults to 80.
        /// </summary>
        internal static bool TryParseHost(string text, out int hostStart, out int hostLength, out int port)
        {
            return TryParseHost(text, 80, out hostStart, out hostLength, out port);
        }

        /// <summary>As <see cref="TryParseHost(string, out int, out int, out int)"/>, with <paramref name="defaultPort"/> when the Host names none (443 over TLS).</summary>
        internal static bool TryParseHost(string text, int defaultPort, out int hostStart, out int hostLength, out int port)
        {
            hostStart = 0;
            hostLength = 0;
            port = 0;
            if (text == null || !TryParseAuthority(text, 0, text.Length, out hostStart, out hostLength, out port))
            {
                return false;
            }

            if (port < 0)
            {
                port = defaultPort;
            }

            return true;
        }

        /// <summary>
        /// Parses <c>host [ ":" port ]</c> in text[from, to): a reg-name or IPv4 address, or an IPv6
        /// literal in brackets (RFC 3986 §3.2.2). <paramref name="port"/> is -1 when absent.
        /// </summary>
        private static bool TryParseAuthority(string text, int from, int to, out int hostStart, out int hostLength, out int port)
        {
            hostStart = from;
            hostLength = 0;
            port = -1;
            int i = from;
            if (i < to && text[i] == '[')
            {
                while (i < to && text[i] != ']')
                {
                    char c = text[i];
                    if (i > from && !(IsHex(c) || c == ':' || c == '.'))
                    {
                        return false;
                    }

                    i++;
                }

                if (i == to)
                {
                    return false;
                }

                i++;
            }
            else
            {
                while (i < to && text[i] != ':')
                {
                    char c = text[i];

                    // RFC 3986 §3.2.2 reg-name: unreserved and sub-delims; no '/', '@', '?', '#', '%'.
                    if (!(IsAlnum(c) || c == '-' || c == '.' || c == '_' || c == '~'))
                    {
                        return false;
                    }

                    i++;
                }
            }

            hostLength = i - from;
            if (hostLength == 0)
            {
                return false;
            }

            if (i == to)
            {
                return true;
            }

            if (text[i] != ':' || i + 1 == to || to - (i + 1) > 5)
            {
                return false;
            }

            int value = 0;
            for (int k = i + 1; k < to; k++)
            {
                char c = text[k];
                if (c < '0' || c > '9')
                {
                    return false;
                }

                value = (value * 10) + (c - '0');
            }

            if (value > 65535)
            {
                return false;
            }

            port = value;
            return true;
        }

        /// <summary>Host names compare without regard to ASCII case (RFC 6454 §4 step 5, RFC 3986 §3.2.2).</summary>
        private static bool SameHost(string a, int aStart, int aLength, string b, int bStart, int bLength)
        {
            if (aLength != bLength)
            {
                return false;
            }

            for (int i = 0; i < aLength; i++)
            {
                if (Lower(a[aStart + i]) != Lower(b[bStart + i]))
                {
                    return false;
                }
            }

            return true;
        }

        private static bool AsciiEqualsIgnoreCase(string text, int start, int length, string lower)
        {
            if (length != lower.Length)
            {
                return false;
            }

            for (int i = 0; i < length; i++)
            {
                if (Lower(text[start + i]) != lower[i])
                {
                    return false;
                }
            }

            return true;
        }

        private static char Lower(char c)
        {
            return c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
        }

        private static bool IsAlnum(char c)
        {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        }

        private static bool IsHex(char c)
        {
            return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
        }

        /// <summary>Throws when an allow-list entry is not an origin serialisation.</summary>
        internal static void CheckEntry(string entry)
        {
            int s;
            int hs;
            int hl;
            int p;
            if (entry == null || !TryParseOrigin(entry, out s, out hs, out hl, out p))
            {
                throw new ArgumentException("AllowedOrigins entries must be origins such as http://192.168.1.20 or http://host:8080");
            }
        }
    }
}
