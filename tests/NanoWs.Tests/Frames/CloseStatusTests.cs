using nanoFramework.TestFramework;

namespace NanoWs.Tests
{
    /// <summary>Close status codes and which may appear on the wire (RFC 6455 §7.4, IANA registry).</summary>
    [TestClass]
    public class CloseStatusTests
    {
        [TestMethod]
        public void Close_status_values_match_rfc_6455()
        {
            Assert.AreEqual(1000, CloseStatus.NormalClosure);
            Assert.AreEqual(1001, CloseStatus.GoingAway);
            Assert.AreEqual(1002, CloseStatus.ProtocolError);
            Assert.AreEqual(1003, CloseStatus.UnsupportedData);
            Assert.AreEqual(1005, CloseStatus.NoStatusReceived);
            Assert.AreEqual(1006, CloseStatus.AbnormalClosure);
            Assert.AreEqual(1007, CloseStatus.InvalidPayloadData);
            Assert.AreEqual(1008, CloseStatus.PolicyViolation);
            Assert.AreEqual(1009, CloseStatus.MessageTooBig);
            Assert.AreEqual(1010, CloseStatus.MandatoryExtension);
            Assert.AreEqual(1011, CloseStatus.InternalServerError);
            Assert.AreEqual(1015, CloseStatus.TlsHandshakeFailure);
            Assert.AreEqual(123, CloseStatus.MaxReasonBytes);
        }

        [TestMethod]
        [DataRow(1000)]
        [DataRow(1001)]
        [DataRow(1002)]
        [DataRow(1003)]
        [DataRow(1007)]
        [DataRow(1008)]
        [DataRow(1009)]
        [DataRow(1010)]
        [DataRow(1011)]
        [DataRow(1012)]
        [DataRow(1013)]
        [DataRow(1014)]
        [DataRow(3000)]
        [DataRow(3999)]
        [DataRow(4000)]
        [DataRow(4999)]
        public void IsValidOnWire_accepts_defined_registered_and_private_codes(int code)
        {
            Assert.IsTrue(CloseStatus.IsValidOnWire(code));
        }

        [TestMethod]
        [DataRow(-1)]
        [DataRow(0)]
        [DataRow(999)]
        [DataRow(1004)]
        [DataRow(1005)]
        [DataRow(1006)]
        [DataRow(1015)]
        [DataRow(1016)]
        [DataRow(1100)]
        [DataRow(2000)]
        [DataRow(2999)]
        [DataRow(5000)]
        [DataRow(65535)]
        [DataRow(65536 + 1000)]
        public void IsValidOnWire_rejects_reserved_and_unassigned_codes(int code)
        {
            Assert.IsFalse(CloseStatus.IsValidOnWire(code));
        }
    }
}
