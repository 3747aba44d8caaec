using System;

namespace NanoWs.Hub
{
    /// <summary>
    /// The one check of a <c>(byte[] buffer, int offset, int count)</c> argument triple the hub's
    /// public methods take: a buffer, and a range inside it.
    /// </summary>
    internal static class BufferRange
    {
        /// <summary>Throws <see cref="ArgumentException"/> unless <paramref name="buffer"/> is not null and holds <paramref name="count"/> bytes from <paramref name="offset"/>.</summary>
        internal static void Check(byte[] buffer, int offset, int count)
        {
            if (buffer == null || offset < 0 || count < 0 || offset + count > buffer.Length)
            {
                throw new ArgumentException("invalid buffer range");
            }
        }
    }
}
