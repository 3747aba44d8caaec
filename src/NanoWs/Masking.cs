namespace NanoWs
{
    /// <summary>
    /// RFC 6455 §5.3 masking: payload byte i is XORed with mask-key byte (i MOD 4). One routine
    /// serves unmasking in place on receive and masking while copying on send.
    /// </summary>
    /// <remarks>
    /// The portable loop (<see cref="ApplyPortable"/>, what a board runs) rotates the key once so
    /// that it starts at the current key index, then handles four bytes per step with the key in
    /// locals. Host builds defining <c>NANOWS_HOST_FASTPATH</c> first XOR whole SIMD vectors, then
    /// 8-byte blocks, through unaligned loads; tests check both against the plain definition.
    /// </remarks>
    internal static class Masking
    {
#if NANOWS_HOST_FASTPATH
        /// <summary>
        /// Host: <see cref="ApplyPortable"/> with whole vectors and 8-byte blocks first (a board
        /// calls the portable loop directly).
        /// </summary>
        internal static int Apply(
            byte[] source, int sourceOffset, byte[] destination, int destinationOffset, int count,
            byte key0, byte key1, byte key2, byte key3, int keyIndex)
        {
            int done = ApplyWide(source, sourceOffset, destination, destinationOffset, count, key0, key1, key2, key3, keyIndex);

            // done is a multiple of 8, so the key index for the rest is unchanged.
            return ApplyPortable(source, sourceOffset + done, destination, destinationOffset + done, count - done, key0, key1, key2, key3, keyIndex);
        }
#endif

        /// <summary>
        /// Writes <c>source[sourceOffset + i] ^ key[(keyIndex + i) &amp; 3]</c> to
        /// <c>destination[destinationOffset + i]</c> for i in [0, count); source and destination may be
        /// the same range. Returns the key index after the last byte. The loop a board runs.
        /// </summary>
        internal static int ApplyPortable(
            byte[] source, int sourceOffset, byte[] destination, int destinationOffset, int count,
            byte key0, byte key1, byte key2, byte key3, int keyIndex)
        {
            // Rotate the key so that r0 applies to the first byte (a rotation by 0 bits shifts
            // the right-hand copy by 32, which C# masks to 0: the key unchanged).
            int key = (key0 << 24) | (key1 << 16) | (key2 << 8) | key3;
            int shift = (keyIndex & 3) * 8;
            key = (key << shift) | (int)((uint)key >> (32 - shift));
            byte r0 = (byte)(key >> 24);
            byte r1 = (byte)(key >> 16);
            byte r2 = (byte)(key >> 8);
            byte r3 = (byte)key;

            int i = 0;
            for (; i + 4 <= count; i += 4)
            {
                int s = sourceOffset + i;
                int d = destinationOffset + i;
                destination[d] = (byte)(source[s] ^ r0);
                destination[d + 1] = (byte)(source[s + 1] ^ r1);
                destination[d + 2] = (byte)(source[s + 2] ^ r2);
                destination[d + 3] = (byte)(source[s + 3] ^ r3);
            }

            // The last 0–3 bytes meet r0, r1, r2: the key's top bytes.
            for (; i < count; i++)
            {
                destination[destinationOffset + i] = (byte)(source[sourceOffset + i] ^ (key >> 24));
                key <<= 8;
            }

            return (keyIndex + count) & 3;
        }

#if NANOWS_HOST_FASTPATH
        /// <summary>
        /// Masks whole SIMD vectors (<c>Vector&lt;byte&gt;</c>, 16 or 32 bytes where the CPU has
        /// them), then whole 8-byte blocks; returns how many bytes it handled (a multiple of 8).
        /// </summary>
        private static int ApplyWide(byte[] source, int sourceOffset, byte[] destination, int destinationOffset, int count, byte key0, byte key1, byte key2, byte key3, int keyIndex)
        {
            if (!System.BitConverter.IsLittleEndian || count < 16)
            {
                return 0;
            }

            // Little-endian: byte j of a 64-bit load meets key byte (keyIndex + j) & 3.
            uint k = (uint)(key0 | (key1 << 8) | (key2 << 16) | (key3 << 24));
            int shift = (keyIndex & 3) * 8;
            uint half = shift == 0 ? k : (k >> shift) | (k << (32 - shift));
            ulong wide = half | ((ulong)half << 32);
            ref byte src = ref source[sourceOffset];
            ref byte dst = ref destination[destinationOffset];
            int i = 0;

            // A vector's length is a multiple of 8, so the 8-byte pattern repeats across it unchanged.
            int lanes = System.Numerics.Vector<byte>.Count;
            if (System.Numerics.Vector.IsHardwareAccelerated && count >= lanes)
            {
                System.Numerics.Vector<byte> pattern = System.Numerics.Vector.AsVectorByte(new System.Numerics.Vector<ulong>(wide));
                int vectors = count - (count % lanes);
                for (; i < vectors; i += lanes)
                {
                    System.Numerics.Vector<byte> v = System.Runtime.CompilerServices.Unsafe.ReadUnaligned<System.Numerics.Vector<byte>>(ref System.Runtime.CompilerServices.Unsafe.Add(ref src, i));
                    System.Runtime.CompilerServices.Unsafe.WriteUnaligned(ref System.Runtime.CompilerServices.Unsafe.Add(ref dst, i), v ^ pattern);
                }
            }

            int blocks = count & ~7;
            for (; i < blocks; i += 8)
            {
                ulong v = System.Runtime.CompilerServices.Unsafe.ReadUnaligned<ulong>(ref System.Runtime.CompilerServices.Unsafe.Add(ref src, i));
                System.Runtime.CompilerServices.Unsafe.WriteUnaligned(ref System.Runtime.CompilerServices.Unsafe.Add(ref dst, i), v ^ wide);
            }

            return blocks;
        }
#endif
    }
}
