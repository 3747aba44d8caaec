using NanoWs.Net;

namespace NanoWs.Hub
{
    /// <summary>
    /// The hub's JSON face on the server's port, for <c>curl</c>, scripts and home-automation
    /// systems (Home Assistant's RESTful integration): <c>GET /api/state</c> answers the current
    /// state, <c>POST /api/set</c> takes one command and answers its acknowledgement. The server's
    /// rules apply first, as for the WebSocket: a POST from another site's page is refused (403),
    /// with a password nothing is served without the owner's session or the password itself (401),
    /// and the hub's token is required in the command when one is set (wrong ones throttled per
    /// address as over the WebSocket: 429 while it backs off).
    /// </summary>
    internal sealed class HubApi : PathHandler
    {
        /// <summary>The path prefix served.</summary>
        internal const string Prefix = "/api/";

        // Byte budget: the state's buffer (MessageBufferSize) and one acknowledgement's (AckBufferSize).
        private static readonly byte[] NotFoundBody = Bytes("{\"error\":\"not found\"}");
        private static readonly byte[] MethodBody = Bytes("{\"error\":\"method not allowed\"}");
        private static readonly byte[] TooLargeBody = Bytes("{\"error\":\"state larger than the message buffer\"}");
        private static readonly byte[] TooLargeAck = Bytes("{\"t\":\"ack\",\"id\":null,\"ok\":false,\"error\":\"command too large\"}");
        private static readonly byte[] ThrottledAck = Bytes("{\"t\":\"ack\",\"id\":null,\"ok\":false,\"error\":\"too many wrong tokens: try again later\"}");
        private static readonly byte[] ViewOnlyBody = Bytes("{\"t\":\"ack\",\"id\":null,\"ok\":false,\"error\":\"log in to send commands\"}");
        private readonly HubServer _owner;
        private readonly byte[] _state;
        private readonly byte[] _answer;

        internal HubApi(HubServer owner, HubOptions options)
            : base(Prefix, options.MaxCommandBytes)
        {
            _owner = owner;
            _state = new byte[options.MessageBufferSize];
            _answer = new byte[options.AckBufferSize];
        }

        public override void Request(PathExchange exchange)
        {
            HttpHead head = exchange.Head;
            if (exchange.IsUpgrade)
            {
                exchange.Respond(404, "application/json", NotFoundBody, 0, NotFoundBody.Length);
            }
            else if (head.PathEquals("/api/state"))
            {
                if (!head.MethodIs("GET") && !head.MethodIs("HEAD"))
                {
                    exchange.Respond(405, "application/json", MethodBody, 0, MethodBody.Length);
                    return;
                }

                int n = _owner.Hub.WriteState(_state, _owner.Now());
                if (n < 0)
                {
                    exchange.Respond(500, "application/json", TooLargeBody, 0, TooLargeBody.Length);
                    return;
                }

                exchange.Respond(200, "application/json", _state, 0, head.MethodIs("HEAD") ? 0 : n);
            }
            else if (head.PathEquals("/api/set"))
            {
                if (!head.MethodIs("POST"))
                {
                    exchange.Respond(405, "application/json", MethodBody, 0, MethodBody.Length);
                }
                else if (_owner.Server.Options.Password != null && !_owner.Server.IsAuthenticated(exchange.ConnectionId))
                {
                    // A viewer without the owner's session (ViewWithoutLogin) may look, not act.
                    exchange.Respond(401, "application/json", ViewOnlyBody, 0, ViewOnlyBody.Length);
                }
                else if (exchange.BodyTooLarge)
                {
                    // RFC 9110 §15.5.14: the body was not read.
                    exchange.Respond(413, "application/json", TooLargeAck, 0, TooLargeAck.Length);
                }
                else if (_owner.Hub.Options.Token != null && _owner.Server.IsThrottled(exchange.ConnectionId))
                {
                    // Its address is backing off after wrong tokens (RFC 6585 §4): the command is not checked.
                    _owner.Server.ReportWrongCredential(exchange.ConnectionId);
                    exchange.Respond(429, "application/json", ThrottledAck, 0, ThrottledAck.Length);
                }
                else
                {
                    bool ok;
                    long wrongBefore = _owner.Hub.WrongTokenCount;
                    int n = _owner.Hub.Execute(exchange.Buffer, exchange.BodyOffset, exchange.BodyCount, _owner.Now(), _answer, out ok);
                    if (_owner.Hub.WrongTokenCount != wrongBefore)
                    {
                        // A wrong token counts against the address, as over the WebSocket.
                        _owner.Server.ReportWrongCredential(exchange.ConnectionId);
                    }

                    _owner.Pump();
                    exchange.Respond(ok ? 200 : 400, "application/json", _answer, 0, n);
                }
            }
            else
            {
                exchange.Respond(404, "application/json", NotFoundBody, 0, NotFoundBody.Length);
            }
        }

        public override void Poll(PathExchange exchange)
        {
        }

        public override void Message(PathExchange exchange, bool binary, byte[] buffer, int offset, int count)
        {
        }

        public override void Pump(PathExchange exchange)
        {
        }

        public override void Ended(PathExchange exchange)
        {
        }

        public override void Tick(long now)
        {
        }

        private static byte[] Bytes(string ascii)
        {
            byte[] b = new byte[ascii.Length];
            for (int i = 0; i < b.Length; i++)
            {
                b[i] = (byte)ascii[i];
            }

            return b;
        }
    }
}
