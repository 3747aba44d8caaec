using System;
using NanoWs.Hub;
using Xunit;

namespace NanoWs.Tests.Host.HostOnly
{
    /// <summary>
    /// Strings holding U+0000, which exist on .NET but not on nanoCLR (a string there ends at its
    /// first NUL), so the shared NFUnitTest sources cannot hold these cases. Where the same product
    /// path takes bytes, the shared tests carry the NUL as a byte instead.
    /// </summary>
    public class NulStringTests
    {
        [Theory]
        [InlineData(0)]
        [InlineData(1)]
        [InlineData(2)]
        public void Client_throws_ArgumentException_for_a_NUL_in_host_resource_or_origin(int field)
        {
            // RFC 9110 §5.5: no controls in the request line or field values (header injection).
            string value = (field == 1 ? "/ch" : "ex") + "\u0000at";
            WebSocketOptions options = new WebSocketOptions();
            WebSocketConnection c = WebSocketConnection.CreateClient(options);
            string host = field == 0 ? value : "example.com";
            string resource = field == 1 ? value : "/chat";
            string origin = field == 2 ? value : null;
            Assert.Throws<ArgumentException>(() => c.StartClientHandshake(host, 80, resource, origin, null));
            Assert.Equal(0, c.SendCount);
        }

        [Fact]
        public void Utf8_encodes_a_NUL_inside_a_string_as_one_zero_byte()
        {
            string text = "a\u0000\u007Fz";
            Assert.Equal(4, Utf8.GetByteCount(text));
            byte[] bytes = new byte[4];
            Assert.Equal(4, Utf8.GetBytes(text, 0, text.Length, bytes, 0));
            Assert.Equal(new byte[] { 0x61, 0x00, 0x7F, 0x7A }, bytes);
            Assert.Equal(text, Utf8.GetString(bytes, 0, 4));
        }

        [Fact]
        public void Json_writer_escapes_a_NUL_as_u0000()
        {
            // RFC 8259 §7: U+0000 to U+001F must be escaped.
            byte[] buffer = new byte[32];
            JsonWriter w = new JsonWriter(buffer);
            w.WriteString("\u0000\u0001");
            Assert.Equal("\"\\u0000\\u0001\"", System.Text.Encoding.ASCII.GetString(buffer, 0, w.Length));
        }
    }
}
