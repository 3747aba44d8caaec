namespace NanoWs
{
    /// <summary>Close status codes (RFC 6455 §7.4.1, IANA registry) and their rules.</summary>
    public static class CloseStatus
    {
        /// <summary>1000: normal closure.</summary>
        public const int NormalClosure = 1000;

        /// <summary>1001: endpoint going away (server shutdown, page navigated away).</summary>
        public const int GoingAway = 1001;

        /// <summary>1002: protocol error.</summary>
        public const int ProtocolError = 1002;

        /// <summary>1003: data type the endpoint cannot accept.</summary>
        public const int UnsupportedData = 1003;

        /// <summary>1005: no status code was present. Never sent on the wire.</summary>
        public const int NoStatusReceived = 1005;

        /// <summary>1006: connection dropped without a close frame. Never sent on the wire.</summary>
        public const int AbnormalClosure = 1006;

        /// <summary>1007: message data inconsistent with its type (invalid UTF-8 in text).</summary>
        public const int InvalidPayloadData = 1007;

        /// <summary>1008: policy violation.</summary>
        public const int PolicyViolation = 1008;

        /// <summary>1009: message too big to process.</summary>
        public const int MessageTooBig = 1009;

        /// <summary>1010: client expected an extension the server did not negotiate.</summary>
        public const int MandatoryExtension = 1010;

        /// <summary>1011: unexpected condition on the server.</summary>
        public const int InternalServerError = 1011;

        /// <summary>1015: TLS handshake failure. Never sent on the wire.</summary>
        public const int TlsHandshakeFailure = 1015;

        /// <summary>Longest close reason in bytes: 125 payload bytes less the 2-byte code (§5.5).</summary>
        public const int MaxReasonBytes = 123;

        /// <summary>
        /// True when <paramref name="code"/> may appear in a close frame on the wire
        /// (RFC 6455 §7.4.1, §7.4.2): 1000–1003, 1007–1014 (IANA-registered), 3000–4999.
        /// </summary>
        public static bool IsValidOnWire(int code)
        {
            // RFC 6455 §7.4.2: 1000–1003 and 1007–1014 may be sent (0–999 are not used; 1004, 1005,
            // 1006 and 1015 are reserved or must not be sent; 1016–2999 are reserved for future
            // RFCs); 3000–3999 are registered with IANA, 4000–4999 are for private use.
            return ((uint)(code - 1000) <= 14 && (uint)(code - 1004) > 2) || (uint)(code - 3000) <= 1999;
        }
    }
}
