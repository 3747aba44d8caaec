using nanoFramework.TestFramework;

namespace NanoWs.Tests
{
    /// <summary>Opcode values, the control-frame bit and the frame header writer (RFC 6455 §5.2, §5.5, §11.8).</summary>
    [TestClass]
    public class OpcodeTests
    {
        [TestMethod]
        public void Opcode_values_match_rfc_6455()
        {
            Assert.AreEqual(0x0, Opcode.Continuation);
            Assert.AreEqual(0x1, Opcode.Text);
            Assert.AreEqual(0x2, Opcode.Binary);
            Assert.AreEqual(0x8, Opcode.Close);
            Assert.AreEqual(0x9, Opcode.Ping);
            Assert.AreEqual(0xA, Opcode.Pong);
            Assert.AreEqual(125, Opcode.MaxControlPayload);
            Assert.AreEqual(14, Opcode.MaxHeaderSize);
        }

        [TestMethod]
        [DataRow(0, false)]
        [DataRow(1, false)]
        [DataRow(2, false)]
        [DataRow(3, false)]
        [DataRow(7, false)]
        [DataRow(8, true)]
        [DataRow(9, true)]
        [DataRow(10, true)]
        [DataRow(11, true)]
        [DataRow(15, true)]
        public void IsControl_is_true_exactly_for_opcodes_8_to_15(int opcode, bool control)
        {
            Assert.AreEqual(control, Opcode.IsControl(opcode));
        }

        [TestMethod]
        [DataRow(0L, false, 2)]
        [DataRow(125L, false, 2)]
        [DataRow(126L, false, 4)]
        [DataRow(65535L, false, 4)]
        [DataRow(65536L, false, 10)]
        [DataRow(4294967296L, false, 10)]
        [DataRow(0L, true, 6)]
        [DataRow(125L, true, 6)]
        [DataRow(126L, true, 8)]
        [DataRow(65535L, true, 8)]
        [DataRow(65536L, true, 14)]
        public void HeaderSize_uses_the_minimal_length_encoding(long length, bool masked, int size)
        {
            Assert.AreEqual(size, Opcode.HeaderSize(length, masked));
        }

        [TestMethod]
        [DataRow(true, 1, 5L, false, "81 05")]
        [DataRow(false, 1, 3L, false, "01 03")]
        [DataRow(true, 0, 2L, false, "80 02")]
        [DataRow(false, 0, 0L, false, "00 00")]
        [DataRow(true, 9, 5L, false, "89 05")]
        [DataRow(true, 10, 5L, true, "8A 85 37 FA 21 3D")]
        [DataRow(true, 1, 5L, true, "81 85 37 FA 21 3D")]
        [DataRow(true, 8, 0L, false, "88 00")]
        [DataRow(true, 2, 125L, false, "82 7D")]
        [DataRow(true, 2, 126L, false, "82 7E 00 7E")]
        [DataRow(true, 2, 256L, false, "82 7E 01 00")]
        [DataRow(true, 2, 65535L, false, "82 7E FF FF")]
        [DataRow(true, 2, 65536L, false, "82 7F 00 00 00 00 00 01 00 00")]
        [DataRow(true, 2, 65536L, true, "82 FF 00 00 00 00 00 01 00 00 37 FA 21 3D")]
        [DataRow(true, 2, 4294967296L, false, "82 7F 00 00 00 01 00 00 00 00")]
        [DataRow(true, 2, 9223372036854775807L, false, "82 7F 7F FF FF FF FF FF FF FF")]
        public void WriteHeader_writes_exact_rfc_bytes(bool fin, int opcode, long length, bool masked, string hex)
        {
            byte[] buffer = new byte[20];
            for (int i = 0; i < buffer.Length; i++)
            {
                buffer[i] = 0xEE;
            }

            byte[] mask = masked ? new byte[] { 0x37, 0xFA, 0x21, 0x3D } : null;
            int end = Opcode.WriteHeader(buffer, 3, fin, opcode, length, mask);
            int size = Bytes.FromHex(hex).Length;
            Assert.AreEqual(3 + size, end);
            Assert.AreEqual(size, Opcode.HeaderSize(length, masked));
            Assert.AreEqual("EE EE EE " + hex + " EE", Bytes.ToHex(buffer, 0, end + 1), "written at the offset, nothing beyond");
        }
    }
}
