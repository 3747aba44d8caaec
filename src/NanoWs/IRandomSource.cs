namespace NanoWs
{
    /// <summary>
    /// Source of random bytes for client masking keys (RFC 6455 §5.3, §10.3) and the handshake
    /// nonce (§4.1). Implementations must not allocate per call.
    /// </summary>
    public interface IRandomSource
    {
        /// <summary>Fills <paramref name="count"/> bytes of <paramref name="buffer"/> from <paramref name="offset"/>.</summary>
        void Fill(byte[] buffer, int offset, int count);
    }
}
