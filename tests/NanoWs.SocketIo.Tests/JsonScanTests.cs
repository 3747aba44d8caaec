using nanoFramework.TestFramework;

namespace NanoWs.SocketIo.Tests
{
    [TestClass]
    public class JsonScanTests
    {
        [TestMethod]
        [DataRow("0")]
        [DataRow("-12.5e+3")]
        [DataRow(" true ")]
        [DataRow("null")]
        [DataRow("\"a\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00E9\"")]
        [DataRow("[]")]
        [DataRow("{}")]
        [DataRow("{\"a\":[1,{\"b\":false}],\"c\":\"d\"}")]
        [DataRow("[ 1 , 2 ]")]
        public void Well_formed_values_are_accepted(string json)
        {
            byte[] b = SioClient.Bytes(json);
            Assert.IsTrue(JsonScan.IsSingleValue(b, 0, b.Length));
        }

        [TestMethod]
        [DataRow("")]
        [DataRow("01")]
        [DataRow("1.")]
        [DataRow("-")]
        [DataRow("1e")]
        [DataRow("tru")]
        [DataRow("\"abc")]
        [DataRow("\"\\u12G4\"")]
        [DataRow("\"\t\"")]
        [DataRow("[1,]")]
        [DataRow("[1 2]")]
        [DataRow("{\"a\"}")]
        [DataRow("{a:1}")]
        [DataRow("{\"a\":1,}")]
        [DataRow("1 2")]
        [DataRow("[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]")]
        public void Malformed_values_are_refused(string json)
        {
            byte[] b = SioClient.Bytes(json);
            Assert.IsFalse(JsonScan.IsSingleValue(b, 0, b.Length));
        }
    }
}
