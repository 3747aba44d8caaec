namespace NanoWs
{
    /// <summary>Type of a data message (RFC 6455 §5.6).</summary>
    public enum WebSocketMessageType
    {
        /// <summary>UTF-8 text (opcode 0x1).</summary>
        Text = 1,

        /// <summary>Binary data (opcode 0x2).</summary>
        Binary = 2,
    }
}
