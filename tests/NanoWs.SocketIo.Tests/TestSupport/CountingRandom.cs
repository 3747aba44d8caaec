namespace NanoWs.SocketIo.Tests
{
    /// <summary>
    /// A deterministic <see cref="IRandomSource"/> for tests: writes 0, 1, 2, … continuing across
    /// calls, so the first session id is the base64url of 00..0E (<c>AAECAwQFBgcICQoLDA0O</c>), the
    /// next id the base64url of 0F..1D (<c>DxAREhMUFRYXGBkaGxwd</c>), and so on. Never use outside tests.
    /// </summary>
    public sealed class CountingRandom : IRandomSource
    {
        private int _next;

        /// <inheritdoc />
        public void Fill(byte[] buffer, int offset, int count)
        {
            for (int i = 0; i < count; i++)
            {
                buffer[offset + i] = (byte)_next++;
            }
        }
    }
}
